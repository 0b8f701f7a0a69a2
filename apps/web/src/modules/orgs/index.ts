// Public surface of the orgs module for other modules.
export { useOrgs } from './api';
export { OrgTreeSelect } from './components/OrgTreeSelect';
