/** Catches render errors below it and shows what happened in the page, with a way to try again. */
import { Component, type ErrorInfo, type ReactNode } from 'react';

/** Props of {@link ErrorBoundary}. */
export interface ErrorBoundaryProps {
  /** What this boundary protects, for the message ("the map"). */
  what: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/** The boundary. "Try again" re-renders the children. */
export class ErrorBoundary extends Component<ErrorBoundaryProps, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`Error in ${this.props.what}:`, error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div role="alert" className="notice notice-error" data-testid="app-error">
        <p className="notice-title">Something went wrong in {this.props.what}.</p>
        <p>{this.state.error.message}</p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
