/** Tag colours of the poll phases (console and portal). */
export const phaseColor = { draft: 'default', scheduled: 'blue', open: 'green', closed: 'default' } as const;
