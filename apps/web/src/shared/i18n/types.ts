import type { zhCN } from './zh-CN';

type Stringify<T> = { [K in keyof T]: T[K] extends string ? string : Stringify<T[K]> };

/** The shape every language must provide: the zh-CN keys with string values. */
export type Messages = Stringify<typeof zhCN>;
