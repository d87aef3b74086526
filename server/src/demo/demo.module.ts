import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import { ConnectorsModule } from '../connectors/connectors.module.js';
import { DemoService } from './demo.service.js';

@Module({ imports: [CatalogModule, ConnectorsModule], providers: [DemoService] })
export class DemoModule {}
