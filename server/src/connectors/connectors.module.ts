import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import { IngestionModule } from '../ingestion/ingestion.module.js';
import { ConnectorRunner } from './connector-runner.js';
import { ConnectorsController } from './connectors.controller.js';
import { ConnectorsRepository } from './connectors.repository.js';
import { ConnectorsService } from './connectors.service.js';
import { PushController } from './push.controller.js';
import { SchedulerService } from './scheduler.service.js';
import { SimulatorRunner } from './simulator.runner.js';
import { PullRunner } from './pull/pull.runner.js';

@Module({
  imports: [CatalogModule, IngestionModule],
  controllers: [ConnectorsController, PushController],
  providers: [ConnectorsRepository, ConnectorsService, ConnectorRunner, SimulatorRunner, PullRunner, SchedulerService],
  exports: [ConnectorsRepository, ConnectorRunner, SchedulerService],
})
export class ConnectorsModule {}
