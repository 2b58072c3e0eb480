import type { SessionUser } from '@cm/domain';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { Bell, Check, ChevronDown, KeyRound, LogOut, Monitor, Moon, Sun } from 'lucide-react';
import { Suspense, useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { Badge } from '../../components/Badge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Modal } from '../../components/Modal';
import { LoadingBlock } from '../../components/Skeleton';
import { useToast } from '../../components/Toast';
import { humanize } from '../../lib/format';
import { preloadable } from '../../lib/preloadable';
import { hasUnsavedWork } from '../../lib/unsavedWork';
import { setThemeChoice, THEME_CHOICES, type ThemeChoice, useThemeChoice } from '../../theme/theme';
import { useSignOut } from '../auth/session';

const THEME_LABELS: Record<ThemeChoice, { label: string; Icon: typeof Sun }> = {
  system: { label: 'System', Icon: Monitor },
  light: { label: 'Light', Icon: Sun },
  dark: { label: 'Dark', Icon: Moon },
};

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join('');
}

/**
 * Fetched when the dialog opens: the form checks the new password with the domain's zod schema, which would
 * otherwise be evaluated with the menu on every page's first load.
 */
const ChangePasswordForm = preloadable(() => import('../auth/ChangePasswordForm').then((m) => m.ChangePasswordForm));

/** Who is signed in and as what role, always visible; sign-out lives in its menu and asks first over unsaved work. */
export function UserMenu({ user }: { user: SessionUser }) {
  const signOut = useSignOut();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [changing, setChanging] = useState(false);
  const toast = useToast();
  const theme = useThemeChoice();
  const themeLabel = useId();
  return (
    <>
      <Modal
        open={changing}
        onOpenChange={setChanging}
        title="Change your password"
        description="You stay signed in here; your other sessions end."
      >
        <Suspense fallback={<LoadingBlock label="Loading the form…" />}>
          <ChangePasswordForm
            onDone={() => {
              setChanging(false);
              toast.success('Password changed', 'Your other sessions have been signed out.');
            }}
            footer={
              <button
                type="button"
                className="px-3 text-sm text-slate-600 hover:text-slate-900"
                onClick={() => setChanging(false)}
              >
                Cancel
              </button>
            }
          />
        </Suspense>
      </Modal>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Sign out without saving?"
        description="This page has changes or files that are not saved yet. Signing out discards them."
        confirmLabel="Sign out"
        onConfirm={() => {
          setConfirming(false);
          signOut.mutate();
        }}
      />
      <DropdownMenu.Root>
        <DropdownMenu.Trigger
          className="flex items-center gap-3 rounded-full py-1 pr-2 pl-1 text-left hover:bg-slate-100"
          data-testid="user-menu"
        >
          <span
            className="grid size-8 place-items-center rounded-full bg-indigo-100 text-xs font-semibold text-indigo-700"
            aria-hidden="true"
          >
            {initials(user.name)}
          </span>
          <span className="hidden sm:block">
            <span className="block text-sm leading-tight font-medium text-slate-900" data-testid="user-name">
              {user.name}
            </span>
            <span className="block text-xs leading-tight text-slate-500" data-testid="user-role">
              {humanize(user.role)}
            </span>
          </span>
          <span className="sr-only sm:hidden">
            {user.name}, {user.role}
          </span>
          <ChevronDown className="size-4 text-slate-500" aria-hidden="true" />
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            align="end"
            sideOffset={6}
            className="z-50 min-w-56 rounded-lg border border-slate-200 bg-white p-1 shadow-lg"
          >
            <div className="px-3 py-2">
              <p className="text-sm font-medium text-slate-900">{user.name}</p>
              <p className="truncate text-xs text-slate-500">{user.email}</p>
              <div className="mt-1.5">
                <Badge tone="indigo">{humanize(user.role)}</Badge>
              </div>
            </div>
            <DropdownMenu.Separator className="my-1 h-px bg-slate-100" />
            {user.role !== 'client' && (
              <DropdownMenu.Item
                onSelect={() => void navigate('/settings/notifications')}
                className="flex cursor-default items-center gap-2 rounded-md px-3 py-2 text-sm text-slate-700 outline-none data-[highlighted]:bg-slate-100"
              >
                <Bell className="size-4" aria-hidden="true" /> Notifications
              </DropdownMenu.Item>
            )}
            <DropdownMenu.Item
              onSelect={() => setChanging(true)}
              className="flex cursor-default items-center gap-2 rounded-md px-3 py-2 text-sm text-slate-700 outline-none data-[highlighted]:bg-slate-100"
            >
              <KeyRound className="size-4" aria-hidden="true" /> Change password
            </DropdownMenu.Item>
            <DropdownMenu.Separator className="my-1 h-px bg-slate-100" />
            <DropdownMenu.Label className="px-3 pt-1.5 pb-1 text-xs font-medium text-slate-500" id={themeLabel}>
              Theme
            </DropdownMenu.Label>
            <DropdownMenu.RadioGroup
              aria-labelledby={themeLabel}
              value={theme}
              onValueChange={(v) => setThemeChoice(v as ThemeChoice)}
            >
              {THEME_CHOICES.map((choice) => {
                const { label, Icon } = THEME_LABELS[choice];
                return (
                  <DropdownMenu.RadioItem
                    key={choice}
                    value={choice}
                    // Stays open: the page repaints at once, so the choice can be compared in place.
                    onSelect={(e) => e.preventDefault()}
                    className="flex cursor-default items-center gap-2 rounded-md px-3 py-2 text-sm text-slate-700 outline-none data-[highlighted]:bg-slate-100"
                  >
                    <Icon className="size-4" aria-hidden="true" /> {label}
                    <DropdownMenu.ItemIndicator className="ml-auto">
                      <Check className="size-4 text-indigo-600" aria-hidden="true" />
                    </DropdownMenu.ItemIndicator>
                  </DropdownMenu.RadioItem>
                );
              })}
            </DropdownMenu.RadioGroup>
            <DropdownMenu.Separator className="my-1 h-px bg-slate-100" />
            <DropdownMenu.Item
              onSelect={() => (hasUnsavedWork() ? setConfirming(true) : signOut.mutate())}
              className="flex cursor-default items-center gap-2 rounded-md px-3 py-2 text-sm text-slate-700 outline-none data-[highlighted]:bg-slate-100"
            >
              <LogOut className="size-4" aria-hidden="true" /> Sign out
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
    </>
  );
}
