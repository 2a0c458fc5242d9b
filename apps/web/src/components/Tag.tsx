import { Tag as AntTag, type TagProps } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import './tag.css';

/**
 * antd's Tag with its preset colours drawn dark enough for WCAG AA (4.5:1): the light preset
 * palettes put mid-tone text on a pale background, which fails contrast.
 */
const TONES: Record<string, { color: string; background: string; borderColor: string }> = {
  green: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  success: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  volcano: { color: '#871400', background: '#fff2e8', borderColor: '#ffbb96' },
  purple: { color: '#22075e', background: '#f9f0ff', borderColor: '#d3adf7' },
  gold: { color: '#613400', background: '#fffbe6', borderColor: '#ffe58f' },
  warning: { color: '#613400', background: '#fffbe6', borderColor: '#ffe58f' },
  magenta: { color: '#780650', background: '#fff0f6', borderColor: '#ffadd2' },
  blue: { color: '#002c8c', background: '#f0f5ff', borderColor: '#adc6ff' },
  red: { color: '#820014', background: '#fff1f0', borderColor: '#ffa39e' },
  error: { color: '#820014', background: '#fff1f0', borderColor: '#ffa39e' },
  default: { color: 'rgba(0, 0, 0, 0.88)', background: '#fafafa', borderColor: '#d9d9d9' },
};

export function Tag({ color, style, ...props }: TagProps) {
  const tone = color ? TONES[color] : undefined;
  return <AntTag {...props} color={tone ? undefined : color} style={tone ? { ...tone, ...style } : style} />;
}

/**
 * The same look as a plain span, for table cells: an antd Tag per cell (its style hooks and
 * wave effect) is what made a 200-row list slow; a list only needs the colour and the words.
 */
export function LightTag({
  color = 'default',
  title,
  style,
  children,
}: {
  color?: keyof typeof TONES;
  title?: string;
  style?: CSSProperties;
  children: ReactNode;
}) {
  return (
    <span className="xf-tag" title={title} style={{ ...TONES[color], ...style }}>
      {children}
    </span>
  );
}
