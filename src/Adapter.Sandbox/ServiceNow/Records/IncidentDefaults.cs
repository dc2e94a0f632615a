using System.Globalization;

namespace Adapter.Sandbox.ServiceNow;

/// <summary>A new incident as the instance fills it in: every known field present, most of them empty.</summary>
internal static class IncidentDefaults
{
    public static Dictionary<string, string> Create(string sysId, int numberSequence, string createdOn, string createdBy)
    {
        var record = TableSchemas.Incident.Fields.ToDictionary(f => f, _ => string.Empty, StringComparer.Ordinal);
        var number = "INC" + numberSequence.ToString("D7", CultureInfo.InvariantCulture);

        record["sys_id"] = sysId;
        record["number"] = number;
        record["task_effective_number"] = number;
        record["sys_class_name"] = "incident";
        record["sys_created_on"] = createdOn;
        record["sys_updated_on"] = createdOn;
        record["opened_at"] = createdOn;
        record["sys_created_by"] = createdBy;
        record["sys_updated_by"] = createdBy;
        record["sys_mod_count"] = "0";
        record["sys_domain"] = "global";
        record["sys_domain_path"] = "/";
        record["state"] = "1";
        record["incident_state"] = "1";
        record["active"] = "true";
        record["impact"] = "3";
        record["urgency"] = "3";
        record["priority"] = "5";
        record["severity"] = "3";
        record["reassignment_count"] = "0";
        record["reopen_count"] = "0";
        record["child_incidents"] = "0";
        record["escalation"] = "0";
        record["notify"] = "1";
        record["made_sla"] = "true";
        record["knowledge"] = "false";
        record["approval"] = "not requested";
        record["upon_approval"] = "proceed";
        record["upon_reject"] = "cancel";
        return record;
    }
}
