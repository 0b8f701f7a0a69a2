// Runs before any other module of the app (first import of main.tsx): one-time tokens arrive in
// the URL fragment and are removed from the address bar before the router starts.
import { captureHashToken } from '../shared/lib/hashToken';

captureHashToken();
