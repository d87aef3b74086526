// Every TypeORM entity, listed explicitly (no globs: the same list works from src/ under Jest
// and from dist/ in production).
export const ENTITIES: Function[] = [];
