namespace Adapter.Worker.Tests.Commands;

/// <summary>Small, realistic (and fictional) ticket files for the <c>triage</c> verb. Records end
/// in CRLF as RFC 4180 has it; one description holds a quoted comma, one an embedded newline, and
/// one is empty; the extra <c>reported_by</c> column must be ignored.</summary>
internal static class TicketCsv
{
    public const string LabeledHeader = "id,title,description,bucket,severity,system,reported_by";

    public static readonly string[] LabeledIds = ["INC1001", "INC1002", "INC1003", "INC1004", "INC1005", "INC1006", "INC1007", "INC1008"];

    public static readonly string Labeled = string.Join("\r\n",
        LabeledHeader,
        "INC1001,Epic scheduling grid will not load,\"Front desk at the Main St clinic cannot open the appointment grid in Cadence, check-in is backing up\",administrative,3,ehr,front desk",
        "INC1002,ADT feed to lab stopped,\"ADT messages stopped crossing from Epic to the lab system around 7am.\nNew admissions are not showing up in the LIS.\",interoperability,2,interface_engine,lab",
        "INC1003,Cannot sign progress note,\"Clicking sign on my progress note in NextGen does nothing, other notes sign fine\",clinical,3,emr,dr smith",
        "INC1004,Pyxis will not open drawers,\"Nurses on 4 West cannot pull medications from the Pyxis cabinet, pulling on override for now\",clinical,2,device,charge nurse",
        "INC1005,MyChart password reset email missing,Patient says the MyChart reset email never arrives,administrative,4,patient_portal,call center",
        "INC1006,Claims stuck in billing work queue,Claims for the cardiology clinic have been stuck in the billing work queue since Monday,administrative,3,billing,business office",
        "INC1007,Stat lab results not crossing into Epic,\"Stat troponin results are not crossing from the lab system into Epic for the whole ED, providers are calling the lab\",interoperability,1,interface_engine,ed",
        "INC1008,Label printer jammed at nurses station,,administrative,4,device,unit clerk") + "\r\n";

    public static readonly string[] UnlabeledIds = ["T-1", "T-2", "T-3"];

    public static readonly string Unlabeled = string.Join("\n",
        "id,title,description",
        "T-1,Cannot log in to Epic,\"My password expired, and the reset link says my account is locked\"",
        "T-2,Interface engine queue backing up,Rhapsody shows the ORU queue to the reference lab growing since noon",
        "T-3,Discharge summary template missing,The discharge summary template disappeared from my note templates") + "\n";
}
