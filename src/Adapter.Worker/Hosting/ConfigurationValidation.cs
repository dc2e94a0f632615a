using System.ComponentModel.DataAnnotations;
using Adapter.Core.Classification;
using Adapter.Worker.Escalation;
using Adapter.Worker.Platforms.Jira;
using Adapter.Worker.Platforms.ServiceNow;
using Adapter.Worker.Storage;
using Microsoft.Extensions.Configuration;

namespace Adapter.Worker.Hosting;

/// <summary>Every check of the whole configuration, as <c>validate-config</c> and start-up run it:
/// unknown keys, wrong types, ranges, and cross-field rules, each with its key path.</summary>
internal static partial class ConfigurationValidation
{
    public static IReadOnlyList<ConfigProblem> Validate(IConfiguration configuration)
    {
        var problems = new List<ConfigProblem>();
        var (triage, triageProblems) = TriageConfigurationReader.Read(configuration);
        problems.AddRange(triageProblems);

        var adapter = Bind<AdapterOptions>(configuration, AdapterOptions.SectionName, problems);
        if (adapter is not null && !Uri.TryCreate(adapter.Urls.Split(';')[0], UriKind.Absolute, out _))
        {
            problems.Add(new($"{AdapterOptions.SectionName}:Urls", $"'{adapter.Urls}' is not an absolute URL"));
        }

        if (adapter is not null)
        {
            problems.AddRange(StoreSelection.Validate(adapter));
        }

        var serviceNow = Bind<ServiceNowOptions>(configuration, ServiceNowOptions.SectionName, problems);
        if (serviceNow is { Enabled: true })
        {
            const string p = ServiceNowOptions.SectionName;
            if (!Uri.TryCreate(serviceNow.InstanceUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                problems.Add(new($"{p}:InstanceUrl", "must be the instance's absolute https URL"));
            }

            if (string.IsNullOrWhiteSpace(serviceNow.UserName))
            {
                problems.Add(new($"{p}:UserName", "the integration user is required (it is also how the adapter recognises its own changes)"));
            }

            if (serviceNow.AuthMode == ServiceNowAuthMode.Basic && string.IsNullOrEmpty(serviceNow.Password))
            {
                problems.Add(new($"{p}:Password", "required for Basic auth; set it through the environment (ServiceNow__Password) or a file in the secrets directory"));
            }

            if (serviceNow.AuthMode == ServiceNowAuthMode.OAuth && (string.IsNullOrEmpty(serviceNow.ClientId) || string.IsNullOrEmpty(serviceNow.ClientSecret)))
            {
                problems.Add(new($"{p}:ClientId", "ClientId and ClientSecret are required for OAuth"));
            }

            if (triage is not null)
            {
                problems.AddRange(serviceNow.Fields.Validate($"{p}:Fields", triage.Routing.Groups));
            }

            if (serviceNow.Audit.FlagField.Length > 0 && !Adapter.Core.Routing.RoutingFieldAllowlist.IsAuditFlagField(serviceNow.Audit.FlagField))
            {
                problems.Add(new($"{p}:Audit:FlagField", $"'{serviceNow.Audit.FlagField}' is not writable: the audit flag goes to a custom u_ field (lower case, at most 40 characters) or nowhere"));
            }

            if (serviceNow.Audit.ClosedStateSet().Count == 0)
            {
                problems.Add(new($"{p}:Audit:ClosedStates", "name at least one incident state, e.g. \"6,7\""));
            }
        }

        _ = Bind<Adapter.Core.Audit.AuditOptions>(configuration, Adapter.Core.Audit.AuditOptions.SectionName, problems);
        var jira = Bind<JiraOptions>(configuration, JiraOptions.SectionName, problems);
        if (jira is { Enabled: true })
        {
            problems.AddRange(ValidateJira(jira, triage?.Routing.Groups ?? []));
        }

        var escalation = Bind<CrossPlatformEscalationOptions>(configuration, CrossPlatformEscalationOptions.SectionName, problems);
        if (escalation is { Enabled: true })
        {
            problems.AddRange(ValidateEscalation(escalation, serviceNow, jira, triage?.Routing.Groups ?? []));
        }

        return problems;
    }

    private static IEnumerable<ConfigProblem> ValidateEscalation(CrossPlatformEscalationOptions escalation, ServiceNowOptions? serviceNow, JiraOptions? jira, IReadOnlyCollection<string> groups)
    {
        const string p = CrossPlatformEscalationOptions.SectionName;
        if (serviceNow is not { Enabled: true })
        {
            yield return new($"{p}:Enabled", "escalation takes ServiceNow incidents to Jira: ServiceNow:Enabled must be true");
        }

        if (jira is not null && !jira.Enabled)
        {
            // Jira triage may stay off, but the site and credentials are the escalation's.
            foreach (var problem in ValidateJiraConnection(jira))
            {
                yield return problem;
            }
        }

        if (escalation.Destinations.Count == 0)
        {
            yield return new($"{p}:Destinations", "name at least one resolver group and the Jira project it works in");
        }

        foreach (var (group, destination) in escalation.Destinations)
        {
            if (!groups.Contains(group, StringComparer.Ordinal))
            {
                yield return new($"{p}:Destinations:{group}", $"'{group}' is not a resolver group of Triage:Routing:Groups");
            }

            if (!JiraProjectKey().IsMatch(destination.ProjectKey))
            {
                yield return new($"{p}:Destinations:{group}:ProjectKey", $"'{destination.ProjectKey}' is not a Jira project key (upper-case letters, digits and _, starting with a letter)");
            }

            if (string.IsNullOrWhiteSpace(destination.IssueType))
            {
                yield return new($"{p}:Destinations:{group}:IssueType", "name the issue type to create, e.g. Task");
            }

            if (destination.Labels.Concat(destination.Components).Any(string.IsNullOrWhiteSpace) || destination.Labels.Any(l => l.Any(char.IsWhiteSpace)))
            {
                yield return new($"{p}:Destinations:{group}:Labels", "labels and components must be non-empty, and labels have no spaces");
            }

            if (destination.TeamField.Length > 0 && (!destination.TeamField.StartsWith("customfield_", StringComparison.Ordinal) || destination.TeamId.Length == 0))
            {
                yield return new($"{p}:Destinations:{group}:TeamField", "a Team field is a customfield_NNNNN id and needs TeamId");
            }
        }

        for (var i = 0; i < escalation.Rules.Count; i++)
        {
            var rule = escalation.Rules[i];
            var at = $"{p}:Rules:{i}";
            if (!escalation.Destinations.ContainsKey(rule.Destination))
            {
                yield return new($"{at}:Destination", $"'{rule.Destination}' is not one of Escalation:Destinations");
            }

            if (rule.Bucket != "*" && !Adapter.Core.Taxonomy.WireNames.TryParseBucket(rule.Bucket, out _))
            {
                yield return new($"{at}:Bucket", $"'{rule.Bucket}' is not a bucket (clinical, administrative, interoperability) or *");
            }

            if (rule.System != "*" && !Adapter.Core.Taxonomy.WireNames.TryParseSystem(rule.System, out _))
            {
                yield return new($"{at}:System", $"'{rule.System}' is not a system or *");
            }

            if (rule.Trigger is not ("*" or "any") && !Adapter.Core.Taxonomy.WireNames.TryParseTrigger(rule.Trigger, out _))
            {
                yield return new($"{at}:Trigger", $"'{rule.Trigger}' is not an escalation trigger, * or any");
            }

            if (rule.MaxSeverity is < 1 or > 4)
            {
                yield return new($"{at}:MaxSeverity", "must be 1-4");
            }
        }

        if (!Adapter.Core.Routing.RoutingFieldAllowlist.IsEscalationLinkField(escalation.LinkField))
        {
            yield return new($"{p}:LinkField", $"'{escalation.LinkField}' is not writable: correlation_id, correlation_display or a custom u_ field");
        }

        if (escalation.LinkDisplayField.Length > 0 && !Adapter.Core.Routing.RoutingFieldAllowlist.IsEscalationLinkField(escalation.LinkDisplayField))
        {
            yield return new($"{p}:LinkDisplayField", $"'{escalation.LinkDisplayField}' is not writable: correlation_display, a custom u_ field, or empty");
        }

        if (string.IsNullOrWhiteSpace(escalation.EscalatedLabel) || escalation.EscalatedLabel.Any(char.IsWhiteSpace)
            || string.IsNullOrWhiteSpace(escalation.MarkerLabelPrefix) || escalation.MarkerLabelPrefix.Any(char.IsWhiteSpace))
        {
            yield return new($"{p}:EscalatedLabel", "EscalatedLabel and MarkerLabelPrefix must be non-empty Jira labels (no spaces)");
        }

        if (escalation.IncidentClosedStateSet().Count == 0)
        {
            yield return new($"{p}:IncidentClosedStates", "name at least one incident state, e.g. \"6,7,8\"");
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Z][A-Z0-9_]{1,9}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex JiraProjectKey();

    private static IEnumerable<ConfigProblem> ValidateJira(JiraOptions jira, IEnumerable<string> groups)
    {
        const string p = JiraOptions.SectionName;
        foreach (var problem in ValidateJiraConnection(jira))
        {
            yield return problem;
        }

        if (jira.Jql.Contains("ORDER BY", StringComparison.OrdinalIgnoreCase))
        {
            yield return new($"{p}:Jql", "must not contain ORDER BY (the adapter orders by updated)");
        }

        if (jira.Audit.ClosedJql.Contains("ORDER BY", StringComparison.OrdinalIgnoreCase))
        {
            yield return new($"{p}:Audit:ClosedJql", "must not contain ORDER BY (the adapter orders by updated)");
        }

        if (jira.Audit.DoneCategorySet().Count == 0 && jira.Audit.DoneStatusSet().Count == 0)
        {
            yield return new($"{p}:Audit:DoneStatusCategories", "name at least one status category key (e.g. \"done\") or a status in DoneStatuses");
        }

        foreach (var problem in jira.Fields.Validate($"{p}:Fields", groups))
        {
            yield return problem;
        }
    }

    private static IEnumerable<ConfigProblem> ValidateJiraConnection(JiraOptions jira)
    {
        const string p = JiraOptions.SectionName;
        if (!Uri.TryCreate(jira.SiteUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            yield return new($"{p}:SiteUrl", "must be the site's absolute https URL, e.g. https://example.atlassian.net");
        }

        if (jira.AuthMode == JiraAuthMode.Basic && (string.IsNullOrWhiteSpace(jira.Email) || string.IsNullOrEmpty(jira.ApiToken)))
        {
            yield return new($"{p}:ApiToken", "Email and ApiToken are required for Basic auth; set the token through the environment (Jira__ApiToken)");
        }

        if (jira.AuthMode == JiraAuthMode.Bearer && string.IsNullOrEmpty(jira.BearerToken))
        {
            yield return new($"{p}:BearerToken", "required for Bearer auth; set it through the environment (Jira__BearerToken)");
        }
    }

    private static T? Bind<T>(IConfiguration configuration, string section, List<ConfigProblem> problems)
        where T : class, new()
    {
        T options;
        try
        {
            options = configuration.GetSection(section).Get<T>(o => o.ErrorOnUnknownConfiguration = true) ?? new T();
        }
        catch (InvalidOperationException ex)
        {
            problems.Add(new(section, (ex.InnerException?.Message ?? ex.Message).ReplaceLineEndings(" ")));
            return null;
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            problems.AddRange(results.Select(r => new ConfigProblem($"{section}:{string.Join(",", r.MemberNames)}", r.ErrorMessage ?? "invalid")));
        }

        return options;
    }
}
