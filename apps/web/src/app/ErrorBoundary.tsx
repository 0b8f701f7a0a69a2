import { Component, type ErrorInfo, type ReactNode } from 'react';
import { CrashResult } from './CrashResult';

interface State {
  error: unknown;
}

/** Last line of defence for render errors outside the router's own error element. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('Unhandled render error', error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error) return <CrashResult error={this.state.error} />;
    return this.props.children;
  }
}
