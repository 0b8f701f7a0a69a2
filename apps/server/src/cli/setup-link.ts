/** `unionhall setup-link`: a fresh one-time setup link while no account exists (e.g. the first one expired). */
import { issueSetupLink } from '../modules/identity/index.js';
import { withDeps } from './context.js';
import { CliFailure, type Command, parseOptions } from './io.js';

export const setupLinkCommand: Command = {
  path: ['setup-link'],
  summary: 'Print a new one-time setup link (only before the first account exists)',
  help: `Usage: unionhall setup-link

Prints a new one-time link (valid 24 hours) to the setup wizard that creates the union's root
organisation and its first administrator. Only works while the database has no account at all;
afterwards administrators create accounts in the officer console or with "unionhall users create".
The link is built from PUBLIC_ORIGIN. Treat it like a password until it has been used.

Options:
  -h, --help`,
  run: async (args, io) => {
    const v = parseOptions(args, {});
    if (v.help) {
      io.out(setupLinkCommand.help);
      return 0;
    }
    const link = await withDeps(io, (deps) => issueSetupLink(deps));
    if (!link) {
      throw new CliFailure(
        'Setup is already done: accounts exist. Use "unionhall users create" or the officer console.',
      );
    }
    io.out(link);
    return 0;
  },
};
