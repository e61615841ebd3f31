namespace System.Runtime
{
    // [RuntimeExport("name")] gives a static method a plain global symbol that
    // assembly stubs and ilc-generated code call by name.
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class RuntimeExportAttribute : Attribute
    {
        public RuntimeExportAttribute(string entry) { }
    }

    // [RuntimeImport("*", "name")] on an extern method makes ilc emit a direct
    // call to the named symbol, with no P/Invoke transition.
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class RuntimeImportAttribute : Attribute
    {
        public RuntimeImportAttribute(string lib) { }
        public RuntimeImportAttribute(string lib, string entry) { }
    }
}
