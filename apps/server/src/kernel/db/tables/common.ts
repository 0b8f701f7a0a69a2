/** Column helpers shared by the table type files. */
import type { ColumnType } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type DateColumn = ColumnType<string, string, string>;
export type Json<T> = ColumnType<T, string, string>;
