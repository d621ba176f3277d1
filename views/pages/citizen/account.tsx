import type { Messages } from "../../i18n/index.ts";
import { Field, FormAlert } from "../../components/form.tsx";
import { HxForm, type Errors, type Values } from "./forms.tsx";

export interface AccountData {
  fullName: string;
  nationalIdMasked: string;
  mobileMasked: string;
  email: string;
  notifyBy: "sms" | "email";
  city: string;
  address: string;
}

export function ProfileForm(props: { t: Messages; values: Values; errors: Errors; notice?: string | undefined; alert?: string | undefined }) {
  const m = props.t.citizen;
  const v = props.values;
  return (
    <HxForm id="profile-form" action="/account">
      <h2>{m.contact}</h2>
      <FormAlert message={props.notice} kind="ok" />
      <FormAlert message={props.alert} />
      <Field name="email" label={m.email} type="email" value={v.email} error={props.errors.email} dir="ltr" />
      <fieldset class="field">
        <legend>{m.notifyBy}</legend>
        <label>
          <input type="radio" name="notifyBy" value="sms" checked={v.notifyBy !== "email"} /> {m.notifySms}
        </label>
        <label>
          <input type="radio" name="notifyBy" value="email" checked={v.notifyBy === "email"} /> {m.notifyEmail}
        </label>
        {props.errors.notifyBy && <span class="error">{props.errors.notifyBy}</span>}
      </fieldset>
      <Field name="city" label={m.city} value={v.city} error={props.errors.city} required />
      <Field name="address" label={m.address} value={v.address} error={props.errors.address} required />
      <button class="button" type="submit">
        {m.saveProfile}
      </button>
    </HxForm>
  );
}

export function MobileForm(props: { t: Messages; value?: string; error?: string | undefined; alert?: string | undefined }) {
  const m = props.t.citizen;
  return (
    <HxForm id="mobile-form" action="/account/mobile">
      <h2>{m.changeMobileTitle}</h2>
      <FormAlert message={props.alert} />
      <Field name="mobile" label={m.newMobile} type="tel" value={props.value} error={props.error} dir="ltr" required />
      <button class="button secondary" type="submit">
        {m.changeMobileSubmit}
      </button>
    </HxForm>
  );
}

export function AccountPage(props: { t: Messages; data: AccountData; notice?: string | undefined }) {
  const m = props.t.citizen;
  const d = props.data;
  return (
    <section>
      <h1>{m.accountTitle}</h1>
      <FormAlert message={props.notice} kind="ok" />
      <div class="form">
        <h2>{m.identity}</h2>
        <p data-testid="citizen-name">{d.fullName}</p>
        <p>
          {m.nationalId}: <span class="code">{d.nationalIdMasked}</span>
        </p>
        <p>
          {m.mobile}: <span class="code">{d.mobileMasked}</span>
        </p>
      </div>
      <ProfileForm t={props.t} values={{ email: d.email, notifyBy: d.notifyBy, city: d.city, address: d.address }} errors={{}} />
      <MobileForm t={props.t} />
      <form class="form" method="post" action="/signout/everywhere">
        <p class="hint">{m.signOutEverywhereHint}</p>
        <button class="button secondary" type="submit">
          {m.signOutEverywhere}
        </button>
      </form>
    </section>
  );
}
