import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isApiError } from '../../../shared/api/errors';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { useErrorText } from '../../../shared/i18n/useErrorText';
import { type MyPollView, respond, useMyPoll, usePollResults } from '../api';
import { QuestionInput } from '../components/QuestionInput';
import { ResultsView } from '../components/ResultsView';
import { type AnswerState, htmlToText, toAnswers } from '../form';

/** The banner every respondent sees first: anonymous or named, and what that means for them. */
function PrivacyBanner({ p }: { p: MyPollView }) {
  const { t } = useTranslation();
  const vis = {
    after_response: t('polls.answer.resultsAfterResponse'),
    after_close: t('polls.answer.resultsAfterClose'),
    managers: t('polls.answer.resultsManagers'),
  }[p.resultsVisibility];
  return (
    <Alert
      type={p.anonymous ? 'info' : 'warning'}
      icon={p.anonymous ? <LockOutlined /> : <UserOutlined />}
      showIcon
      data-testid="privacy-banner"
      title={p.anonymous ? t('polls.answer.anonymousTitle') : t('polls.answer.namedTitle')}
      description={
        <>
          <div>{p.anonymous ? t('polls.answer.anonymousBody') : t('polls.answer.namedBody')}</div>
          <div style={{ marginTop: 4 }}>{vis}</div>
        </>
      }
    />
  );
}

/** Member: answer a poll on any screen; then (when the creator allows it) see the results. */
export default function PollAnswerPage() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const q = useMyPoll(id);
  usePageTitle(q.data?.title ?? t('polls.myTitle'));
  const [answers, setAnswers] = useState<AnswerState>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [questionError, setQuestionError] = useState<{ id: string; text: string } | null>(null);
  const [justDone, setJustDone] = useState(false);
  const p = q.data;
  const results = usePollResults(id, true, !!p?.resultsAvailable);

  if (q.isLoading) return <Loading />;
  if (!p) return <ErrorAlert error={q.error} />;

  const submit = async () => {
    setBusy(true);
    setError(null);
    setQuestionError(null);
    try {
      await respond(id, toAnswers(p.questions, answers));
      setJustDone(true);
      await qc.invalidateQueries({ queryKey: ['polls'] });
      window.scrollTo({ top: 0, behavior: 'smooth' });
    } catch (err) {
      const qid = isApiError(err) ? err.details?.questionId : undefined;
      if (typeof qid === 'string' && p.questions.some((x) => x.id === qid)) {
        const problem =
          isApiError(err) && err.code === 'poll.invalid_ranking' ? err.details?.problem : undefined;
        const text =
          typeof problem === 'string' && i18n.exists(`polls.answer.rankProblem.${problem}`)
            ? t(`polls.answer.rankProblem.${problem}`)
            : errorText(err);
        setQuestionError({ id: qid, text });
        document
          .querySelector(`[data-testid="question-${qid}"]`)
          ?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      } else setError(err);
    } finally {
      setBusy(false);
    }
  };

  const answering = p.phase === 'open' && !p.responded && !justDone;
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={3} style={{ margin: '8px 4px 0' }}>
        {p.title}
      </Typography.Title>
      <Flex gap={4} wrap>
        <Tag>{t(`polls.phase.${p.phase}`)}</Tag>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {p.orgName} · {t('polls.closesAt', { time: new Date(p.closesAt).toLocaleString() })}
        </Typography.Text>
      </Flex>
      <PrivacyBanner p={p} />
      {p.descriptionHtml && (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
          {htmlToText(p.descriptionHtml)}
        </Typography.Paragraph>
      )}
      {(justDone || p.responded) && (
        <Alert
          type="success"
          showIcon
          data-testid="poll-done"
          title={justDone ? t('polls.answer.done') : t('polls.answer.alreadyNoResults')}
          description={p.resultsAvailable ? undefined : t('polls.answer.doneNoResults')}
        />
      )}
      {p.phase === 'scheduled' && p.opensAt && (
        <Alert
          type="info"
          showIcon
          title={t('polls.answer.notOpenYet', { time: new Date(p.opensAt).toLocaleString() })}
        />
      )}
      {p.phase === 'closed' && <Alert type="info" showIcon title={t('polls.answer.closed')} />}
      {answering && (
        <>
          {p.questions.map((qq, i) => (
            <QuestionInput
              key={qq.id}
              q={qq}
              n={i + 1}
              value={answers[qq.id]}
              onChange={(v) => {
                setAnswers((a) => ({ ...a, [qq.id]: v }));
                if (questionError?.id === qq.id) setQuestionError(null);
              }}
              error={questionError?.id === qq.id ? questionError.text : undefined}
            />
          ))}
          {questionError && <Alert type="error" showIcon role="alert" title={t('polls.answer.fixBelow')} />}
          <ErrorAlert error={error} />
          <Button
            type="primary"
            size="large"
            block
            loading={busy}
            onClick={() => void submit()}
            data-testid="poll-submit"
          >
            {p.anonymous ? t('polls.answer.submitAnonymous') : t('polls.answer.submit')}
          </Button>
        </>
      )}
      {p.resultsAvailable && (
        <>
          <Typography.Title level={4} style={{ margin: '8px 4px 0' }}>
            {t('polls.results.title')}
          </Typography.Title>
          {p.phase === 'open' && (
            <Typography.Text type="secondary">{t('polls.results.liveNote')}</Typography.Text>
          )}
          {results.isLoading && <Loading />}
          <ErrorAlert error={results.error} />
          {results.data && <ResultsView pollId={id} questions={p.questions} results={results.data} mine />}
        </>
      )}
    </Flex>
  );
}
