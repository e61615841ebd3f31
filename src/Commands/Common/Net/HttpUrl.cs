namespace Minix3.Cosmos.Commands.Common.Net;

// An http URL as wget takes it: http://HOST[:PORT][/PATH][?QUERY].
// Path keeps the query (it is what goes on the request line); a URL
// without a path asks for "/". No user info, no IPv6 literals, no https.
public sealed class HttpUrl
{
    public const int DefaultPort = 80;

    private HttpUrl(string host, int port, string path)
    {
        Host = host;
        Port = port;
        Path = path;
    }

    public string Host { get; }

    public int Port { get; }

    // The request target: starts with '/', query included, no fragment.
    public string Path { get; }

    // Host as the Host header gives it: the port only when not 80.
    public string Authority => Port == DefaultPort ? Host : Host + ":" + Port.ToString();

    public override string ToString() => "http://" + Authority + Path;

    // The URL, or null with why not ("https is not supported", "invalid URL").
    public static HttpUrl? Parse(string text, out string error)
    {
        error = "";
        if (HttpText.StartsWithIgnoreCase(text, "https://"))
        {
            error = "https is not supported";
            return null;
        }
        if (!HttpText.StartsWithIgnoreCase(text, "http://"))
        {
            // "host/path" with no scheme, as wget accepts it; any other
            // scheme ("ftp://") is refused.
            if (HasScheme(text))
            {
                error = "unsupported scheme: " + text;
                return null;
            }
            text = "http://" + text;
        }
        string rest = text.Substring(7);
        int end = 0;
        while (end < rest.Length && rest[end] != '/' && rest[end] != '?' && rest[end] != '#')
            end++;
        string authority = rest.Substring(0, end);
        string path = WithoutFragment(rest.Substring(end));
        if (path.Length == 0 || path[0] == '?')
            path = "/" + path;
        string host = authority;
        int port = DefaultPort;
        int colon = authority.IndexOf(':');
        if (colon >= 0)
        {
            host = authority.Substring(0, colon);
            string digits = authority.Substring(colon + 1);
            long value = digits.Length == 0 ? DefaultPort : HttpText.ParseDecimal(digits);
            if (value < 1 || value > 65535)
            {
                error = "invalid port in URL: " + text;
                return null;
            }
            port = (int)value;
        }
        if (host.Length == 0 || host.IndexOf('@') >= 0 || !ValidPath(path))
        {
            error = "invalid URL: " + text;
            return null;
        }
        return new HttpUrl(host, port, path);
    }

    // A redirect's Location against this URL: absolute ("http://..."),
    // network-path ("//host/x"), absolute-path ("/x") or relative ("x",
    // "../x"; RFC 3986 section 5.2 merged and dot segments removed).
    public HttpUrl? Resolve(string location, out string error)
    {
        error = "";
        if (HasScheme(location))
            return Parse(location, out error);
        if (location.StartsWith("//"))
            return Parse("http:" + location, out error);
        string target = WithoutFragment(location);
        string path;
        if (target.Length == 0)
        {
            path = Path;
        }
        else if (target[0] == '/')
        {
            path = target;
        }
        else
        {
            string basePath = Path;
            int query = basePath.IndexOf('?');
            if (query >= 0)
                basePath = basePath.Substring(0, query);
            if (target[0] == '?')
            {
                path = basePath + target;
            }
            else
            {
                int slash = basePath.Length - 1;
                while (slash > 0 && basePath[slash] != '/')
                    slash--;
                path = basePath.Substring(0, slash + 1) + target;
            }
        }
        string resolved = RemoveDotSegments(path);
        if (!ValidPath(resolved))
        {
            error = "invalid redirect location: " + location;
            return null;
        }
        return new HttpUrl(Host, Port, resolved);
    }

    // The name wget saves under: the path's last component (decoded, query
    // dropped), "index.html" when it is empty (the path ends in '/').
    public string FileName()
    {
        string path = Path;
        int query = path.IndexOf('?');
        if (query >= 0)
            path = path.Substring(0, query);
        int slash = path.Length - 1;
        while (slash >= 0 && path[slash] != '/')
            slash--;
        string last = path.Substring(slash + 1);
        string? decoded = HttpText.PercentDecode(last);
        if (decoded != null && decoded.IndexOf('/') < 0)
            last = decoded;
        return last.Length == 0 || last == "." || last == ".." ? "index.html" : last;
    }

    // "/a/b/../c/./d" -> "/a/c/d" (RFC 3986 5.2.4, for paths starting
    // with '/'; the query is left alone).
    public static string RemoveDotSegments(string path)
    {
        string query = "";
        int q = path.IndexOf('?');
        if (q >= 0)
        {
            query = path.Substring(q);
            path = path.Substring(0, q);
        }
        var segments = new System.Collections.Generic.List<string>();
        int start = path.Length > 0 && path[0] == '/' ? 1 : 0;
        bool trailingSlash = false;
        while (start <= path.Length)
        {
            int end = start;
            while (end < path.Length && path[end] != '/')
                end++;
            string segment = path.Substring(start, end - start);
            bool last = end >= path.Length;
            if (segment == "..")
            {
                if (segments.Count > 0)
                    segments.RemoveAt(segments.Count - 1);
                trailingSlash = last;
            }
            else if (segment == ".")
            {
                trailingSlash = last;
            }
            else
            {
                segments.Add(segment);
                trailingSlash = false;
            }
            start = end + 1;
        }
        var result = new System.Text.StringBuilder();
        for (int i = 0; i < segments.Count; i++)
            result.Append('/').Append(segments[i]);
        if (trailingSlash || result.Length == 0)
            result.Append('/');
        return result.ToString() + query;
    }

    private static string WithoutFragment(string text)
    {
        int hash = text.IndexOf('#');
        return hash >= 0 ? text.Substring(0, hash) : text;
    }

    // "scheme://" at the start (RFC 3986: ALPHA *( ALPHA / DIGIT / "+" /
    // "-" / "." )); "host:8080/x" has none.
    private static bool HasScheme(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == ':')
                return i > 0 && i + 2 < text.Length && text[i + 1] == '/' && text[i + 2] == '/';
            bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!letter && (i == 0 || !((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')))
                return false;
        }
        return false;
    }

    // Nothing that would break the request line: no spaces or controls.
    private static bool ValidPath(string path)
    {
        if (path.Length == 0 || path[0] != '/')
            return false;
        for (int i = 0; i < path.Length; i++)
        {
            if (path[i] <= ' ' || path[i] == 0x7F)
                return false;
        }
        return true;
    }
}
