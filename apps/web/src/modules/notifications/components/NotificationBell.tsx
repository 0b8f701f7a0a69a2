import { BellOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useLiveNotifications, useUnread } from '../api';

/** Bell with the unread count, live over the realtime socket; opens the notification centre. */
export function NotificationBell({ light }: { light?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  useLiveNotifications();
  const unread = useUnread().data?.unread ?? 0;
  return (
    <Badge count={unread} size="small" offset={[-6, 6]}>
      <Button
        type="text"
        icon={<BellOutlined />}
        style={light ? { color: '#fff' } : undefined}
        aria-label={t('notifications.bell', { count: unread })}
        data-testid="notification-bell"
        onClick={() => navigate('/notifications')}
      />
    </Badge>
  );
}
