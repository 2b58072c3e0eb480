import type { ReactNode } from 'react';
import { PAGE_HEADER_CLASS as c } from './pageHeaderMarkup';

export function PageHeader({
  title,
  description,
  actions,
  eyebrow,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  eyebrow?: ReactNode;
}) {
  return (
    <div className={c.root}>
      <div className={c.text}>
        {eyebrow && <div className={c.eyebrow}>{eyebrow}</div>}
        <h1 className={c.title}>{title}</h1>
        {description && <div className={c.description}>{description}</div>}
      </div>
      {actions && <div className={c.actions}>{actions}</div>}
    </div>
  );
}
