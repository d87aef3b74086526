// Every TypeORM entity, listed explicitly (no globs: the same list works from src/ under Jest
// and from dist/ in production).
import { CATALOG_ENTITIES } from '../catalog/catalog.entities.js';

export const ENTITIES: Function[] = [...CATALOG_ENTITIES];
