/** Navigation between the app's views, as a list of buttons with aria-current on the open one. */
export interface TabsProps<T extends string> {
  /** The views, in order, with their labels. */
  items: readonly { id: T; label: string }[];
  /** The open view. */
  current: T;
  /** Called with a view id when its button is pressed. */
  onChange: (id: T) => void;
  /** Accessible name of the navigation. */
  label: string;
}

/** The view switcher. */
export function Tabs<T extends string>({ items, current, onChange, label }: TabsProps<T>) {
  return (
    <nav className="tabs" aria-label={label}>
      {items.map((it) => (
        <button
          key={it.id}
          type="button"
          className="tab"
          data-testid={`tab-${it.id}`}
          aria-current={it.id === current ? 'page' : undefined}
          onClick={() => onChange(it.id)}
        >
          {it.label}
        </button>
      ))}
    </nav>
  );
}
