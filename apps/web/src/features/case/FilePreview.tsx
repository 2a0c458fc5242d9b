import { Alert, Button, Drawer, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';

export type PreviewFile = { title: string; url: string; kind: 'docx' | 'image' | 'pdf' };

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** How an attachment of this type is previewed in place, if at all. */
export function previewKind(contentType: string): PreviewFile['kind'] | null {
  if (contentType.startsWith('image/') && contentType !== 'image/tiff') return 'image';
  if (contentType === 'application/pdf') return 'pdf';
  if (contentType === DOCX_TYPE) return 'docx';
  return null;
}

/** A .docx drawn in the page by docx-preview (loaded only when a document is first previewed). */
function DocxView({ url }: { url: string }) {
  const body = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'done' | string>('loading');
  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const res = await fetch(url, { credentials: 'same-origin' });
        if (!res.ok) throw new Error(res.status === 403 ? '无权查阅该文书' : '文书读取失败');
        const [blob, { renderAsync }] = await Promise.all([res.blob(), import('docx-preview')]);
        if (cancelled || !body.current) return;
        await renderAsync(blob, body.current, undefined, {
          className: 'xf-docx',
          inWrapper: true,
          ignoreLastRenderedPageBreak: true,
        });
        if (!cancelled) setState('done');
      } catch (e) {
        if (!cancelled) setState(e instanceof Error ? e.message : '预览失败');
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [url]);
  return (
    <>
      {state === 'loading' && <Spin tip="正在生成预览…" style={{ display: 'block', marginTop: 40 }} />}
      {state !== 'loading' && state !== 'done' && <Alert type="error" showIcon title={state} />}
      <div ref={body} data-testid="docx-preview" />
    </>
  );
}

/**
 * Notices (.docx) and attachments (images, PDF) previewed in a drawer without downloading: the
 * .docx rendered in the page, an image as itself, a PDF in the browser's own viewer.
 */
export function FilePreview({ file, onClose }: { file: PreviewFile | null; onClose: () => void }) {
  return (
    <Drawer
      open={Boolean(file)}
      onClose={onClose}
      title={<span data-latin-ok>{file?.title}</span>}
      width={880}
      destroyOnHidden
      extra={
        file && (
          <Button href={file.url.replace(/[?&]inline=true$/, '')} download>
            下载
          </Button>
        )
      }
      styles={{
        body: { background: file?.kind === 'docx' ? '#f0f0f0' : undefined, padding: 0, overflow: 'hidden' },
      }}
    >
      {/* The drawer body does not scroll; this region does. */}
      <section
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take keyboard focus (axe scrollable-region-focusable)
        tabIndex={0}
        aria-label={`${file?.title ?? ''}预览`}
        style={{ height: '100%', overflow: 'auto', padding: 12 }}
      >
        {file?.kind === 'docx' && <DocxView url={file.url} />}
        {file?.kind === 'image' && (
          <img
            src={file.url}
            alt={file.title}
            style={{ maxWidth: '100%', display: 'block', margin: '0 auto' }}
          />
        )}
        {file?.kind === 'pdf' && (
          <iframe
            src={file.url}
            title={file.title}
            style={{ width: '100%', height: 'calc(100vh - 120px)', border: 0 }}
          />
        )}
      </section>
    </Drawer>
  );
}
