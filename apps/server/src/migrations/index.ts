/** Ordered list of migrations; a static import map so it works from source and from dist alike. */
import type { Migration } from 'kysely';
import * as m0001 from './0001_kernel.js';

export const migrations: Record<string, Migration> = {
  '0001_kernel': m0001,
};
