import { Select, type SelectProps } from 'antd';
import { pinyin } from 'pinyin-pro';
import { useMemo } from 'react';

export type PinyinOption = { value: string; label: string };

/** Keys a Chinese label answers to: the characters, full pinyin and pinyin initials (人社 → rs, renshe). */
function searchKeys(label: string): string {
  const initials = pinyin(label, { pattern: 'first', toneType: 'none', type: 'array' }).join('');
  const full = pinyin(label, { toneType: 'none', type: 'array' }).join('');
  return `${label}|${initials}|${full}`.toLowerCase();
}

/** A searchable select: type Chinese, pinyin or pinyin initials. */
export function PinyinSelect({
  options,
  ...props
}: Omit<SelectProps<string>, 'options' | 'filterOption' | 'showSearch'> & { options: PinyinOption[] }) {
  const indexed = useMemo(() => options.map((o) => ({ ...o, keys: searchKeys(o.label) })), [options]);
  return (
    <Select<string>
      showSearch={{
        filterOption: (input, option) =>
          Boolean(option && (option as { keys?: string }).keys?.includes(input.trim().toLowerCase())),
      }}
      options={indexed}
      allowClear
      {...props}
    />
  );
}
