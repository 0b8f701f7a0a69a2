import { App } from 'antd';
import { useNavigate } from 'react-router';
import { logout } from '../../shared/auth/session';
import { useErrorText } from '../../shared/i18n/useErrorText';

/** Signs out, then returns to /login even if the server call failed (the cookie may be gone). */
export function useLogout(): () => Promise<void> {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const text = useErrorText();
  return async () => {
    // Messages from the signed-in session (e.g. "grant added") must not linger on the login page.
    message.destroy();
    try {
      await logout();
    } catch (e) {
      message.warning(text(e));
    }
    navigate('/login', { replace: true });
  };
}
