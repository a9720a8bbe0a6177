import { describe, expect, it } from 'vitest';
import { datasetCurrency, detectCurrency } from '../../src/lib/ingest/currency';
import { inspectFile } from '../../src/lib/ingest/prepare';
import { NodeDatabase } from '../helpers/duckdb';
import { fixture, sharedFile, textFile } from '../helpers/files';

const cols = (...c: [string, string][]) => c.map(([label, role]) => ({ label, role: role as never }));

describe('the currency of an orders file', () => {
  it('comes from the signs in the amounts, the most common one winning', () => {
    const c = cols(['id', 'customer_id'], ['Total', 'amount']);
    expect(detectCurrency(c, [['a', '£12.50'], ['b', '£3'], ['c', '7']])).toEqual({ currency: 'GBP', clue: 'values' });
    expect(detectCurrency(c, [['a', '1,200円'], ['b', '¥980'], ['c', '€3']])).toEqual({ currency: 'JPY', clue: 'values' });
    // Shift_JIS yen signs decode as backslashes.
    expect(detectCurrency(c, [['a', '\\1,200']])).toEqual({ currency: 'JPY', clue: 'values' });
    expect(detectCurrency(c, [['a', 'HK$120'], ['b', 'HK$80']])).toEqual({ currency: 'HKD', clue: 'values' });
    expect(detectCurrency(c, [['a', '$120']])).toEqual({ currency: 'USD', clue: 'values' });
  });

  it('else from a currency column, a money column’s name, or the country of most orders', () => {
    const shopify = cols(['Name', 'order_id'], ['Currency', 'ignore'], ['Total', 'amount'], ['Billing Country', 'region']);
    expect(detectCurrency(shopify, [['#1001', 'JPY', '1200', 'US'], ['#1002', 'JPY', '', 'US']])).toEqual({ currency: 'JPY', clue: 'column' });
    expect(detectCurrency(cols(['Amount (EUR)', 'amount']), [['12']])).toEqual({ currency: 'EUR', clue: 'header' });
    expect(detectCurrency(cols(['金額(円)', 'amount']), [['12']])).toEqual({ currency: 'JPY', clue: 'header' });
    const withCountry = cols(['Price', 'unit_price'], ['Country', 'region']);
    const uk = [['1.5', 'United Kingdom'], ['2', 'United Kingdom'], ['3', 'France']];
    expect(detectCurrency(withCountry, uk)).toEqual({ currency: 'GBP', clue: 'country' });
  });

  it('is yen when nothing says otherwise: prefectures or a mix of countries are no clue', () => {
    const withRegion = cols(['金額', 'amount'], ['都道府県', 'region']);
    expect(detectCurrency(withRegion, [['1200', '東京都'], ['900', '大阪府']])).toEqual({ currency: 'JPY', clue: 'default' });
    const mixed = [['1', 'France'], ['2', 'Germany'], ['3', 'Japan'], ['4', 'Narnia'], ['5', 'Atlantis']];
    expect(detectCurrency(cols(['x', 'amount'], ['Country', 'region']), mixed)).toEqual({ currency: 'JPY', clue: 'default' });
    expect(datasetCurrency([{ kind: 'customers' }, { kind: 'orders', currency: 'EUR' }])).toBe('EUR');
    // Round yen amounts with a stray decimal stay a plain default.
    expect(detectCurrency(cols(['金額', 'amount']), [['1200'], ['980'], ['1,500.5']])).toEqual({ currency: 'JPY', clue: 'default' });
  });

  it('is yen still, said as a doubt, when most amounts have cents (84.51°’s dollars carry no sign)', async () => {
    expect(detectCurrency(cols(['sales_value', 'amount']), [['3.86'], ['1.59'], ['1'], ['2.5']])).toEqual({ currency: 'JPY', clue: 'cents' });
    const db = await NodeDatabase.open();
    const plan = (await inspectFile(db, sharedFile('completejourney-8451/transactions_sample.csv'), 0)).plan!;
    expect([plan.currency, plan.currencyClue]).toEqual(['JPY', 'cents']);
    db.close();
    expect(datasetCurrency([{ kind: 'responses' }])).toBe('JPY');
  });

  it('is pounds for UCI Online Retail (Country: United Kingdom) and yen for a Shift_JIS EC-CUBE export', async () => {
    const db = await NodeDatabase.open();
    const uci = await inspectFile(db, sharedFile('online-retail/online_retail_I_2010-2011.csv.gz'), 0);
    expect([uci.plan!.currency, uci.plan!.currencyClue]).toEqual(['GBP', 'country']);
    const ec = await inspectFile(db, fixture('ec-cube-sjis.csv'), 1);
    expect(ec.plan!.currency).toBe('JPY');
    const us = await inspectFile(db, textFile('us.csv', 'order,customer,date,total\n1,a,2024-01-02,$12.00\n2,b,2024-01-03,$8.50\n'), 2);
    expect([us.plan!.currency, us.plan!.currencyClue]).toEqual(['USD', 'values']);
    db.close();
  });
});
