import { CHANNEL_LABELS, type Channel, type RegisterResult } from '@xinfang/contract';
import { Button, Descriptions, Radio, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import './receipt.css';

export type ReceiptData = RegisterResult & {
  channel: Channel;
  registeredOn: string;
  petitioners: string[];
  unitName: string;
  registrar: string;
  content: string;
};

type Paper = 'a4' | '80mm';

/** The page size of the print: an A4 sheet, or an 80 mm roll of a receipt printer. */
const PAGE_RULES: Record<Paper, string> = {
  a4: '@page { size: A4 portrait; margin: 20mm; }',
  '80mm': '@page { size: 80mm auto; margin: 3mm; }',
};

/**
 * 登记回执: proof that the matter was registered (not yet 受理), with the case number and the
 * query code + secret for the public portal. The secret is shown only now.
 */
export function Receipt({ data, onNext }: { data: ReceiptData; onNext: () => void }) {
  const [paper, setPaper] = useState<Paper>('a4');
  useEffect(() => {
    const style = document.createElement('style');
    style.dataset.receiptPage = paper;
    style.textContent = PAGE_RULES[paper];
    document.head.appendChild(style);
    return () => style.remove();
  }, [paper]);
  return (
    <div>
      <Space className="no-print" style={{ marginBottom: 16 }} wrap>
        <Radio.Group
          value={paper}
          onChange={(e) => setPaper(e.target.value as Paper)}
          optionType="button"
          aria-label="纸张"
          options={[
            { value: 'a4', label: 'A4 纸' },
            { value: '80mm', label: '80毫米小票' },
          ]}
        />
        <Button type="primary" onClick={() => window.print()} data-testid="print-receipt">
          打印回执
        </Button>
        <Button onClick={onNext} data-testid="next-registration">
          继续登记下一件
        </Button>
      </Space>
      <section className={`receipt receipt-${paper}`} aria-label="登记回执" data-testid="receipt">
        <Typography.Title level={3} className="receipt-title">
          信访事项登记回执
        </Typography.Title>
        <Descriptions column={1} bordered size="small">
          <Descriptions.Item label="信访件编号">{data.caseNo}</Descriptions.Item>
          <Descriptions.Item label="信访人">{data.petitioners.join('、')}</Descriptions.Item>
          <Descriptions.Item label="信访形式">{CHANNEL_LABELS[data.channel]}</Descriptions.Item>
          <Descriptions.Item label="登记日期">{data.registeredOn}</Descriptions.Item>
          <Descriptions.Item label="登记单位">{data.unitName}</Descriptions.Item>
          <Descriptions.Item label="查询码">
            <strong data-testid="query-code">{data.queryCode}</strong>
          </Descriptions.Item>
          <Descriptions.Item label="查询密码">
            <strong data-testid="query-secret">{data.querySecret}</strong>
          </Descriptions.Item>
        </Descriptions>
        <p className="receipt-note">
          本回执仅证明您的信访事项已登记，不代表已受理。是否受理将在规定期限内书面告知。
          您可凭查询码和查询密码在网上查询办理进度，请妥善保管查询密码。
        </p>
        <p className="receipt-sign">登记人：{data.registrar}</p>
      </section>
    </div>
  );
}
