import { Module } from '@nestjs/common';
import { ConnectorsController } from './connectors.controller.js';
import { ConnectorsRepository } from './connectors.repository.js';
import { ConnectorsService } from './connectors.service.js';

@Module({
  controllers: [ConnectorsController],
  providers: [ConnectorsRepository, ConnectorsService],
  exports: [ConnectorsRepository],
})
export class ConnectorsModule {}
