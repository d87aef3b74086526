import { Module } from '@nestjs/common';
import { CatalogController } from './catalog.controller.js';
import { CatalogImportService } from './catalog-import.service.js';
import { CatalogRepository } from './catalog.repository.js';
import { CatalogService } from './catalog.service.js';

@Module({
  controllers: [CatalogController],
  providers: [CatalogRepository, CatalogService, CatalogImportService],
  exports: [CatalogRepository, CatalogService, CatalogImportService],
})
export class CatalogModule {}
