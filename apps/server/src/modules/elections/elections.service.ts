/** The elections use cases, one file per area (admin, trustee, voting, results). */
export {
  createElection,
  listElections,
  getElection,
  announceElection,
  closeElection,
  nominate,
  acceptNomination,
} from './elections.admin.service.js';
export {
  myTrusteeElections,
  trusteeView,
  postTrusteeKeys,
  postTrusteeShares,
  postDecryption,
} from './elections.trustee.service.js';
export { myElections, voterView, castBallot } from './elections.voting.service.js';
export { boardOf, recordOf, countingLogOf } from './elections.results.service.js';
