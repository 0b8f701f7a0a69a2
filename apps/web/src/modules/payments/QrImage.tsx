/** A QR code rendered to a data-URL image (no innerHTML). */
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

export function QrImage({ text, size = 200, alt }: { text: string; size?: number; alt: string }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(text, { width: size * 2, margin: 1, errorCorrectionLevel: 'M' }).then((url) => {
      if (live) setSrc(url);
    });
    return () => {
      live = false;
    };
  }, [text, size]);
  return src ? (
    <img
      src={src}
      width={size}
      height={size}
      alt={alt}
      data-testid="qr"
      style={{ imageRendering: 'pixelated' }}
    />
  ) : (
    <div style={{ width: size, height: size }} />
  );
}
