// Public surface of the account module for other modules.
export { MfaEnroll } from './components/MfaEnroll';
export { useReauth } from './components/useReauth';
