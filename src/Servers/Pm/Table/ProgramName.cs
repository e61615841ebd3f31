namespace Minix3.Cosmos.Servers.Pm.Table
{
    // Names of programs: where a bare name is looked for, and the label a
    // program runs under (its file name, made a valid label: lower case,
    // [a-z0-9_-], at most 31 characters).
    public static class ProgramName
    {
        public const int MaxLabel = 31;
        public const int MaxPath = 1024;
        public const string SearchDirectory = "/bin/";

        public static bool IsAbsolute(string path) => path.Length > 0 && path[0] == '/';

        // The last component of a path ("/bin/ls" -> "ls"); "" for a path
        // ending in '/'.
        public static string FileName(string path)
        {
            int start = 0;
            for (int i = 0; i < path.Length; i++)
            {
                if (path[i] == '/')
                    start = i + 1;
            }
            return path.Substring(start);
        }

        public static string Label(string path)
        {
            string name = FileName(path);
            int length = name.Length < MaxLabel ? name.Length : MaxLabel;
            char[] chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                char c = name[i];
                if (c >= 'A' && c <= 'Z')
                    c = (char)(c - 'A' + 'a');
                chars[i] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ? c : '_';
            }
            return length == 0 ? "program" : new string(chars);
        }

        // The label of a program whose own name is taken by a component.
        public static string Reserved(string label)
        {
            string prefixed = string.Concat("u-", label);
            return prefixed.Length <= MaxLabel ? prefixed : prefixed.Substring(0, MaxLabel);
        }

        public static bool IsLabel(string text)
        {
            if (text.Length == 0 || text.Length > MaxLabel)
                return false;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
                    return false;
            }
            return true;
        }
    }
}
