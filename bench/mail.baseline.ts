/**
 * The bare baseline of bench:mail, a child process of its own: the welcome e-mail rendered once per language by the
 * project's EmailRenderer, then sent COUNT times with IN_FLIGHT in flight through ONE nodemailer transport, pooled
 * (VARIANT=pooled) or not, to SINK_URL. It sends WARMUP e-mails, reports 'ready', waits for 'go', and reports 'done'.
 */
import { createTransport } from 'nodemailer';
import { Language } from '../src/common/identity/role';
import { EmailRenderer } from '../src/notifications/email-renderer';
import { EmailType } from '../src/notifications/email-types';

const LANGUAGES = [Language.English, Language.TraditionalChinese];

async function send(): Promise<void> {
  const { COUNT, WARMUP, IN_FLIGHT, VARIANT, SINK_URL, MAIL_FROM, LOGIN_URL } = process.env as Record<string, string>;
  const inFlight = Number(IN_FLIGHT);
  // Rendered before the clock starts: the baseline measures SMTP alone.
  const renderer = new EmailRenderer();
  const rendered = LANGUAGES.map((language) => ({
    language,
    ...renderer.render(EmailType.Welcome, language, { name: 'Bench User', loginUrl: LOGIN_URL }),
  }));
  const transport =
    VARIANT === 'pooled'
      ? createTransport({ url: SINK_URL, pool: true, maxConnections: inFlight, maxMessages: Infinity })
      : createTransport(SINK_URL, {});
  const sendAll = async (tag: string, total: number) => {
    const errors: string[] = [];
    let next = 0;
    const lane = async () => {
      for (let i = next++; i < total; i = next++) {
        const { language, subject, html, text } = rendered[i % 2];
        const to = { name: `Bench User ${i}`, address: `${tag}-${i}@example.test` };
        const headers = { 'Content-Language': language };
        await transport
          .sendMail({ from: MAIL_FROM, to, subject, html, text, messageId: `<${tag}-${i}@joint-calls>`, headers })
          .catch((error: Error) => errors.push(error.message));
      }
    };
    await Promise.all(Array.from({ length: Math.min(inFlight, total) }, lane));
    return { errors: errors.length, firstError: errors[0] ?? null };
  };
  process.send!({ type: 'ready', ...(await sendAll(`baseline-${VARIANT}-warmup`, Number(WARMUP))) });
  await new Promise((resolve) => process.once('message', resolve)); // 'go'
  process.send!({ type: 'done', ...(await sendAll(`baseline-${VARIANT}`, Number(COUNT))) });
  transport.close();
}

process.on('disconnect', () => process.exit(0)); // the benchmark died: do not linger
send().then(
  () => setTimeout(() => process.exit(0), 200),
  (error: unknown) => {
    process.stderr.write(`baseline failed: ${String(error)}\n`);
    process.exit(1);
  },
);
