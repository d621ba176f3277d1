import type { Messages } from "../../i18n/index.ts";
import { ErrorSummary, Field, FieldError } from "../../components/form.tsx";
import { CountrySelect } from "./countries.tsx";
import { describedBy, HxForm, type Errors, type Values } from "./forms.tsx";

/**
 * The registration fields of seed 003. Re-rendered with the citizen's values on
 * errors; the password fields always come back empty.
 */
export function RegisterForm(props: { t: Messages; values: Values; errors: Errors; alert?: string | undefined }) {
  const { t, values: v, errors: e } = props;
  const m = t.citizen;
  return (
    <HxForm id="register-form" action="/register" class="form wide">
      <h1>{m.registerTitle}</h1>
      <p class="muted">{m.registerIntro}</p>
      <ErrorSummary
        t={t}
        errors={e}
        alert={props.alert}
        alertLink="f-nationalId"
        labels={{
          nationalId: m.nationalId,
          nationality: m.nationality,
          firstName: m.firstName,
          fatherName: m.fatherName,
          grandfatherName: m.grandfatherName,
          familyName: m.familyName,
          dateOfBirth: m.dateOfBirth,
          mobile: m.mobile,
          email: m.email,
          country: m.country,
          city: m.city,
          address: m.address,
          password: m.password,
          passwordConfirm: m.passwordConfirm,
        }}
      />

      <fieldset aria-describedby="register-name-hint">
        <legend>{m.identityLegend}</legend>
        <div class="row">
          <Field
            name="nationalId"
            label={m.nationalId}
            value={v.nationalId}
            error={e.nationalId}
            inputmode="numeric"
            autocomplete="username"
            dir="ltr"
            required
          />
          <Field name="nationality" label={m.nationality} error={e.nationality}>
            <CountrySelect t={t} name="nationality" value={v.nationality} error={e.nationality} />
          </Field>
        </div>
        <p class="hint" id="register-name-hint">
          {m.nameHint}
        </p>
        <div class="row">
          <Field name="firstName" label={m.firstName} value={v.firstName} error={e.firstName} autocomplete="given-name" required />
          <Field name="fatherName" label={m.fatherName} value={v.fatherName} error={e.fatherName} required />
          <Field name="grandfatherName" label={m.grandfatherName} value={v.grandfatherName} error={e.grandfatherName} required />
          <Field name="familyName" label={m.familyName} value={v.familyName} error={e.familyName} autocomplete="family-name" required />
        </div>
        <Field
          name="dateOfBirth"
          label={m.dateOfBirth}
          type="date"
          value={v.dateOfBirth}
          error={e.dateOfBirth}
          autocomplete="bday"
          required
        />
      </fieldset>

      <fieldset>
        <legend>{m.contactLegend}</legend>
        <div class="row">
          <Field
            name="mobile"
            label={m.mobile}
            type="tel"
            value={v.mobile}
            error={e.mobile}
            hint={m.mobileHint}
            autocomplete="tel"
            inputmode="tel"
            dir="ltr"
            required
          />
          <Field
            name="email"
            label={m.email}
            type="email"
            value={v.email}
            error={e.email}
            autocomplete="email"
            inputmode="email"
            dir="ltr"
          />
        </div>
        <div class="row">
          <Field name="country" label={m.country} error={e.country}>
            <CountrySelect t={t} name="country" value={v.country} error={e.country} />
          </Field>
          <Field name="city" label={m.city} value={v.city} error={e.city} autocomplete="address-level2" required />
        </div>
        <Field name="address" label={m.address} value={v.address} error={e.address} autocomplete="street-address" required />
      </fieldset>

      <fieldset>
        <legend>{m.passwordLegend}</legend>
        <div class="row">
          <Field
            name="password"
            label={m.password}
            type="password"
            error={e.password}
            hint={m.passwordHint}
            autocomplete="new-password"
            required
          />
          <Field
            name="passwordConfirm"
            label={m.passwordConfirm}
            type="password"
            error={e.passwordConfirm}
            autocomplete="new-password"
            required
          />
        </div>
      </fieldset>

      <div class="field checkbox" data-invalid={e.acceptPolicy ? "" : undefined}>
        <label for="f-acceptPolicy">
          <input
            id="f-acceptPolicy"
            type="checkbox"
            name="acceptPolicy"
            value="on"
            checked={v.acceptPolicy === "on"}
            required
            aria-invalid={e.acceptPolicy ? "true" : undefined}
            aria-describedby={describedBy("acceptPolicy", { error: e.acceptPolicy, extra: "f-acceptPolicy-link" })}
          />{" "}
          {m.acceptPolicy}
        </label>
        {/* A new window, so reading the policy does not lose what was typed. */}
        <a id="f-acceptPolicy-link" href="/privacy" target="_blank" rel="noopener">
          {m.privacyLink}
        </a>
        <FieldError name="acceptPolicy" error={e.acceptPolicy} />
      </div>

      <button class="button" type="submit">
        {m.registerSubmit}
      </button>
    </HxForm>
  );
}
