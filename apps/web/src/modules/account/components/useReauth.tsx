import { type ReactNode, useCallback, useRef, useState } from 'react';
import { isReauthRequired } from '../../../shared/api/errors';
import { ReauthCancelled } from '../../../shared/auth/reauth';
import { ReauthModal } from './ReauthModal';

interface Pending {
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * Wraps a sensitive call: when the server answers `auth.reauth_required`, ask for the password
 * in a modal, then run the call once more. Closing the modal rejects with ReauthCancelled.
 */
export function useReauth(): { withReauth: <T>(fn: () => Promise<T>) => Promise<T>; reauthModal: ReactNode } {
  const [open, setOpen] = useState(false);
  const pending = useRef<Pending | null>(null);

  const withReauth = useCallback(async <T,>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      if (!isReauthRequired(e)) throw e;
      await new Promise<void>((resolve, reject) => {
        pending.current = { resolve, reject };
        setOpen(true);
      });
      return fn();
    }
  }, []);

  const reauthModal = (
    <ReauthModal
      open={open}
      onDone={() => {
        setOpen(false);
        pending.current?.resolve();
        pending.current = null;
      }}
      onCancel={() => {
        setOpen(false);
        pending.current?.reject(new ReauthCancelled());
        pending.current = null;
      }}
    />
  );
  return { withReauth, reauthModal };
}
