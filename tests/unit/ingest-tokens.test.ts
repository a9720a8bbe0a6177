/**
 * Header words: headers outside the synonym list are proposed by the words they are made of
 * (English by separators and camelCase, Japanese compounds by known words), exact synonyms
 * still win, and a header whose words fit several roles equally is asked, not guessed.
 */
import { describe, expect, it } from 'vitest';
import { headerTokens, proposeRoles, roleFromHeader, tokenMatch } from '../../src/lib/ingest/roles';

describe('header words', () => {
  it('splits on separators, camelCase and scripts, and Japanese compounds by known words', () => {
    expect(headerTokens('customer_unique_id')).toEqual(['customer', 'unique', 'id']);
    expect(headerTokens('buyerRef')).toEqual(['buyer', 'ref']);
    expect(headerTokens('OrderPurchaseTimestamp')).toEqual(['order', 'purchase', 'timestamp']);
    expect(headerTokens('orderID')).toEqual(['order', 'id']);
    expect(headerTokens('Total-Paid (JPY)')).toEqual(['total', 'paid', 'jpy']);
    expect(headerTokens('購入者会員番号')).toEqual(['購入者', '会員', '番号']);
    expect(headerTokens('注文確定日時')).toEqual(['注文', '確定', '日時']);
    expect(headerTokens('顧客ID')).toEqual(['顧客', 'id']);
    expect(headerTokens('ｃｕｓｔｏｍｅｒ＿ｒｅｆ')).toEqual(['customer', 'ref']);
  });

  it.each([
    ['customer_unique_id', 'customer_id'],
    ['buyer_ref', 'customer_id'],
    ['shopperNumber', 'customer_id'],
    ['order_customer_id', 'customer_id'],
    ['payment_value', 'amount'],
    ['total_paid', 'amount'],
    ['order_purchase_timestamp', 'order_date'],
    ['Created at', 'order_date'],
    ['placed_on', 'order_date'],
    ['customer_order_ref', 'order_id'],
    ['Lineitem price', 'unit_price'],
    ['Lineitem quantity', 'quantity'],
    ['購入者会員番号', 'customer_id'],
    ['注文確定日時', 'order_date'],
    ['請求額', 'amount']
  ])('%s → %s', (header, role) => {
    expect(roleFromHeader(header)).toBe(role);
  });

  it.each([
    'order_approved_at', 'order_delivered_customer_date', 'order_estimated_delivery_date', 'freight_value', 'payment_type',
    'payment_installments', 'customer_zip_code_prefix', 'customer_city', 'shipping_limit_date', 'Lineitem compare at price', 'Paid at', '送料合計'
  ])('%s is none of them', (header) => {
    expect(roleFromHeader(header)).toBeNull();
  });

  it('asks when the words fit two roles equally', () => {
    // A count of units or their money value?
    expect(tokenMatch('units_value')).toMatchObject({ ambiguous: ['amount', 'quantity'] });
    const p = proposeRoles(['member_id', 'units_value', 'date', 'total'], [['M1', '3', '2024-01-01', '100']]);
    expect(p.columns[1]).toEqual({ role: 'ignore', reason: 'ambiguous', candidates: ['amount', 'quantity'] });
    // Where the words break the tie, nothing is asked.
    expect(tokenMatch('order_units')).toMatchObject({ role: 'quantity', ambiguous: [] });
  });

  it('exact synonyms win over header words, whatever the column order', () => {
    const p = proposeRoles(
      ['customer_unique_id', 'customer_id', 'order_purchase_timestamp', 'order_date', 'payment_value', 'amount'],
      [['u1', 'c1', '2024-01-01 10:00:00', '2024-01-01', '100', '100']]
    );
    expect(p.columns.map((c) => c.role)).toEqual(['ignore', 'customer_id', 'ignore', 'order_date', 'ignore', 'amount']);
  });

  it('proposes an Olist-shaped orders + payments file by its words', () => {
    const headers = ['order_id', 'customer_unique_id', 'order_status', 'order_purchase_timestamp', 'order_approved_at', 'order_delivered_customer_date', 'payment_type', 'payment_installments', 'payment_value'];
    const row = ['o1', 'u1', 'delivered', '2017-10-02 10:56:33', '2017-10-02 11:07:15', '2017-10-10 21:25:13', 'credit_card', '1', '18.12'];
    const p = proposeRoles(headers, [row]);
    expect(p.kind).toBe('orders');
    expect(Object.fromEntries(headers.map((h, i) => [h, p.columns[i].role]))).toMatchObject({
      order_id: 'order_id', customer_unique_id: 'customer_id', order_status: 'status', order_purchase_timestamp: 'order_date', payment_value: 'amount',
      order_approved_at: 'ignore', order_delivered_customer_date: 'ignore', payment_type: 'ignore', payment_installments: 'ignore'
    });
  });
});

describe('a person’s status is not an order’s', () => {
  it('proposes status for an order’s status only', () => {
    for (const h of ['marital_status', 'MaritalStatus', 'employment status', 'account_status', 'Membership Status', '会員ステータス', '婚姻状況', '未既婚'])
      expect(roleFromHeader(h), h).not.toBe('status');
    for (const h of ['status', 'order_status', 'Financial Status', 'fulfillment_status', '注文ステータス', '受注ステータス', '対応状況', '注文状態'])
      expect(roleFromHeader(h), h).toBe('status');
  });
});
