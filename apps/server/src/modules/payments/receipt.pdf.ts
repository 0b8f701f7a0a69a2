/** Renders a dues receipt (会费收据) as an A5 PDF with embedded Noto Sans SC subsets and a QR code. */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { capitalAmount, yuan } from './amount-words.js';
import { fontBytes, splitRuns } from './cjk-font.js';

export type ReceiptData = {
  unionName: string;
  maskedName: string;
  memberNo: string;
  periods: string[];
  amountFen: number;
  refundedFen: number;
  outTradeNo: string;
  transactionId: string;
  paidAt: Date;
  receiptCode: string;
  /** Text carried by the QR code. */
  qrText: string;
};

type Doc = InstanceType<typeof PDFDocument>;
const registeredFonts = new WeakMap<Doc, Set<string>>();

/** Writes `text` at (x, y), switching subset fonts per run. */
function write(
  doc: Doc,
  text: string,
  x: number,
  y: number,
  size: number,
  opts: { width?: number } = {},
): void {
  const runs = splitRuns(text);
  doc.fontSize(size);
  const registered = registeredFonts.get(doc) ?? new Set<string>();
  registeredFonts.set(doc, registered);
  runs.forEach((run, i) => {
    const name = run.file.replace(/.*\//, '');
    if (!registered.has(name)) {
      doc.registerFont(name, fontBytes(run.file));
      registered.add(name);
    }
    doc.font(name);
    const continued = i < runs.length - 1;
    if (i === 0) doc.text(run.text, x, y, { continued, lineBreak: false, ...opts });
    else doc.text(run.text, { continued, lineBreak: false });
  });
}

function periodText(periods: string[]): string {
  if (periods.length === 0) return '—';
  if (periods.length <= 4) return periods.join('、');
  return `${periods[0]} 至 ${periods.at(-1)}（共 ${periods.length} 个月）`;
}

export async function renderReceipt(r: ReceiptData): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A5',
    layout: 'landscape',
    margin: 36,
    info: { Title: `会费收据 ${r.outTradeNo}`, Author: r.unionName, Creator: 'Unionhall' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  const left = 40;
  write(doc, r.unionName, left, 36, 16);
  write(doc, '会费收据 Membership dues receipt', left, 62, 12);
  doc.moveTo(left, 84).lineTo(555, 84).lineWidth(1).stroke('#b71c1c');

  const rows: Array<[string, string]> = [
    ['会员 Member', `${r.maskedName}（会员号 ${r.memberNo}）`],
    ['缴费月份 Periods', periodText(r.periods)],
    ['金额 Amount', yuan(r.amountFen)],
    ['大写 In words', `人民币${capitalAmount(r.amountFen)}`],
    ['支付单号 Order no.', r.outTradeNo],
    ['交易号 Transaction', r.transactionId],
    ['支付时间 Paid at', `${r.paidAt.toISOString().slice(0, 19).replace('T', ' ')} UTC`],
    ['验证码 Verification', r.receiptCode],
  ];
  if (r.refundedFen > 0) rows.push(['已退款 Refunded', yuan(r.refundedFen)]);
  let y = 100;
  for (const [label, value] of rows) {
    write(doc, label, left, y, 10);
    write(doc, value, left + 130, y, 11);
    y += 24;
  }
  const qr = await QRCode.toBuffer(r.qrText, {
    type: 'png',
    margin: 1,
    width: 240,
    errorCorrectionLevel: 'M',
  });
  doc.image(qr, 440, 110, { width: 110 });
  write(doc, '扫码核验 Scan to verify', 440, 226, 8);
  write(doc, '本收据由系统生成，凭验证码核验。', left, y + 10, 9);
  doc.end();
  return done;
}
