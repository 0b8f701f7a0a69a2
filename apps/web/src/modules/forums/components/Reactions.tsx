import { Button, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Reaction, ReactionKind } from '../api';

/** The four reaction toggles under a post, with counts; the caller's own ones are highlighted. */
export function Reactions(props: {
  reactions: Reaction[];
  disabled?: boolean;
  onToggle: (kind: ReactionKind) => void;
}) {
  const { t } = useTranslation();
  return (
    <Flex gap={4} wrap data-testid="post-reactions">
      {props.reactions.map((r) => {
        const label = t(`forums.reactions.${r.kind}`);
        return (
          <Button
            key={r.kind}
            size="small"
            shape="round"
            autoInsertSpace={false}
            color={r.mine ? 'primary' : 'default'}
            variant={r.mine ? 'filled' : 'outlined'}
            disabled={props.disabled}
            aria-pressed={r.mine}
            aria-label={t('forums.reactTo', { kind: label, count: r.count })}
            onClick={() => props.onToggle(r.kind)}
            data-testid={`react-${r.kind}`}
            style={{ paddingInline: 8 }}
          >
            {label}
            {r.count > 0 && <span data-testid={`react-${r.kind}-count`}>{r.count}</span>}
          </Button>
        );
      })}
    </Flex>
  );
}
