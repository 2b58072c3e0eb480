// The phone display rules (libphonenumber's metadata, ~25 kB compressed) as their own chunk: the customer page's
// first screen shows the stored number at once and its international form as soon as this has loaded.
export { formatPhone } from '@cm/domain';
