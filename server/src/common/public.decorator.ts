// Marks a route as reachable without a bearer token (health, docs, login, ingest by API key).
import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'kpi:isPublic';
export const Public = () => SetMetadata(IS_PUBLIC, true);
