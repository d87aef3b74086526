import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import { DemoService } from './demo.service.js';

@Module({ imports: [CatalogModule], providers: [DemoService] })
export class DemoModule {}
