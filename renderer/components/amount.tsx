/** One amount: text for people (`¥1,234.50`), `data-amount` for machines (`1234.50`). */
import { displayAmount } from '../lib/amount';

/** Props of `Amount`. */
export interface AmountProps {
  readonly value: string | number | null | undefined;
  readonly testId?: string;
  readonly className?: string;
  readonly extra?: Readonly<Record<`data-${string}`, string>>;
}

/** Renders a formatted amount with its plain value in `data-amount`. */
export function Amount({ value, testId, className, extra }: AmountProps) {
  const a = displayAmount(value);
  return (
    <span className={`amount ${className ?? ''}`} data-testid={testId} data-amount={a.plain} {...extra}>
      {a.text}
    </span>
  );
}
