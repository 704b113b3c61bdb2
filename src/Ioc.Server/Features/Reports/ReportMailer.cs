using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Ioc.Server.Features.Reports;

/// <summary>Sends a report by e-mail through <c>Ioc:Smtp</c>: the HTML as the body, the PDF attached.</summary>
internal sealed class ReportMailer(IOptions<SmtpOptions> options)
{
    public bool IsConfigured => options.Value.IsConfigured;

    /// <exception cref="InvalidOperationException">No mail server is configured.</exception>
    public async Task SendAsync(IReadOnlyList<string> recipients, string subject, string html, byte[]? pdf, string pdfName, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.IsConfigured)
        {
            throw new InvalidOperationException("no mail server: set Ioc:Smtp:Host");
        }

        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From));
        foreach (var recipient in recipients)
        {
            message.To.Add(MailboxAddress.Parse(recipient));
        }

        message.Subject = subject;
        var body = new BodyBuilder { HtmlBody = html, TextBody = subject + Environment.NewLine + "Bản tin đính kèm dạng PDF; bản HTML ở phần nội dung thư." };
        if (pdf is not null)
        {
            body.Attachments.Add(pdfName, pdf, new ContentType("application", "pdf"));
        }

        message.Body = body.ToMessageBody();
        using var client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        await client.ConnectAsync(settings.Host!, settings.Port, settings.Security, cancellationToken);
        if (!string.IsNullOrEmpty(settings.UserName))
        {
            await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
