/** Ordered list of migrations; a static import map so it works from source and from dist alike. */
import type { Migration } from 'kysely';
import * as m0001 from './0001_kernel.js';
import * as m0002members from './0002_members.js';
import * as m0003 from './0003_kernel_auth_notify.js';

export const migrations: Record<string, Migration> = {
  '0001_kernel': m0001,
  '0002_members': m0002members,
  '0003_kernel_auth_notify': m0003,
};
