using System.ComponentModel.DataAnnotations;
using Adapter.Core.Classification;
using Adapter.Worker.Platforms.Jira;
using Adapter.Worker.Platforms.ServiceNow;
using Adapter.Worker.Storage;
using Microsoft.Extensions.Configuration;

namespace Adapter.Worker.Hosting;

/// <summary>Every check of the whole configuration, as <c>validate-config</c> and start-up run it:
/// unknown keys, wrong types, ranges, and cross-field rules, each with its key path.</summary>
internal static class ConfigurationValidation
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

        return problems;
    }

    private static IEnumerable<ConfigProblem> ValidateJira(JiraOptions jira, IEnumerable<string> groups)
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
