// Diagnostics → Windows Firewall: what the first-start prompt means, and the exact inbound rules
// the enabled listeners need, to paste into an elevated Command Prompt (one copy button for all,
// one per rule). Open by default when the engine runs on Windows.
import { useState } from 'react';
import type { EngineStatus } from '../../../../shared/api';
import { CopyField } from '../../components/CopyField';
import { copyText } from '../../clipboard';
import { useT } from '../../store';
import { firewallPlan, netshAddRule, netshDeleteRule, netshScript, type FirewallProfile } from './firewall-rules';

export function FirewallHelp({ status, platform }: { status?: EngineStatus; platform?: string }) {
  const t = useT();
  const [profile, setProfile] = useState<FirewallProfile>('private');
  const [copied, setCopied] = useState(false);
  const plan = firewallPlan(status?.listeners ?? []);
  const script = netshScript(plan.rules, profile);
  return (
    <details className="firewall-help" open={platform === 'win32'}>
      <summary><h2>{t('fw_title')}</h2></summary>
      <p>{t('fw_prompt_intro')}</p>
      <ul>
        <li>{t('fw_prompt_private')}</li>
        <li>{t('fw_prompt_public')}</li>
        <li>{t('fw_prompt_cancel')}</li>
      </ul>
      <h3>{t('fw_rules_title')}</h3>
      {plan.rules.length === 0 ? <p className="muted fw-none">{t('fw_no_rules')}</p> : (
        <>
          <p className="muted">{t('fw_rules_intro')}</p>
          <label className="fw-public">
            <input type="checkbox" checked={profile !== 'private'} onChange={(e) => { setCopied(false); setProfile(e.target.checked ? 'private,public' : 'private'); }} />
            {t('fw_also_public')}
          </label>
          <table className="diag-table fw-rules">
            <thead><tr><th>{t('diag_col_listener')}</th><th>{t('diag_col_protocol')}</th><th>{t('fw_col_ports')}</th></tr></thead>
            <tbody>
              {plan.rules.map((r) => (
                <tr key={r.name} data-fw-rule={r.listener}>
                  <td>{t(`listener_${r.listener}`)}</td><td>{r.protocol}</td><td><code>{r.ports}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <button type="button" className="fw-copy-all" onClick={() => void copyText(script).then(() => setCopied(true))}>{t('fw_copy_all')}</button>
            {copied && <span className="note" role="status"> {t('copied')}</span>}
          </p>
          <pre className="diag-text fw-script" tabIndex={0}>{script}</pre>
          <details>
            <summary>{t('fw_each_rule')}</summary>
            {plan.rules.map((r) => <CopyField key={r.name} name={`fw-${r.listener}`} label={t(`listener_${r.listener}`)} value={netshAddRule(r, profile)} />)}
            <p className="muted">{t('fw_remove_intro')}</p>
            {plan.rules.map((r) => <CopyField key={r.name} name={`fw-del-${r.listener}`} label={t(`listener_${r.listener}`)} value={netshDeleteRule(r)} />)}
          </details>
        </>
      )}
      {plan.localOnly.length > 0 && (
        <p className="muted fw-local">{t('fw_local_only', { names: plan.localOnly.map((l) => t(`listener_${l.name}`)).join(', ') })}</p>
      )}
    </details>
  );
}
