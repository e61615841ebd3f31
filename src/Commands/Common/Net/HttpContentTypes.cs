namespace Minix3.Cosmos.Commands.Common.Net;

// httpd's Content-Type by file name extension (case ignored); anything
// unknown is application/octet-stream.
public static class HttpContentTypes
{
    public const string Binary = "application/octet-stream";
    public const string Html = "text/html";

    private static readonly string[] s_table =
    {
        "html", Html, "htm", Html, "txt", "text/plain", "css", "text/css", "js", "text/javascript",
        "json", "application/json", "xml", "application/xml", "png", "image/png", "jpg", "image/jpeg",
        "jpeg", "image/jpeg", "gif", "image/gif", "svg", "image/svg+xml",
    };

    public static string Of(string fileName)
    {
        int dot = fileName.Length - 1;
        while (dot >= 0 && fileName[dot] != '.' && fileName[dot] != '/')
            dot--;
        if (dot < 0 || fileName[dot] != '.')
            return Binary;
        string extension = fileName.Substring(dot + 1);
        for (int i = 0; i < s_table.Length; i += 2)
        {
            if (HttpText.EqualsIgnoreCase(extension, s_table[i]))
                return s_table[i + 1];
        }
        return Binary;
    }
}
