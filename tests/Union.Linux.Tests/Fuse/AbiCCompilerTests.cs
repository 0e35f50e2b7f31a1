// Cross-checks every mirror struct against a C compiler: _Static_assert(sizeof/offsetof) over a 7.45 header copy.
using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Union.Linux.Fuse.Abi;

namespace Union.Linux.Tests.Fuse;

public class AbiCCompilerTests
{
    [SkippableFact]
    public void Every_mirror_struct_matches_gcc_sizeof_and_offsetof()
    {
        string? cc = new[] { "/usr/bin/cc", "/usr/bin/gcc", "/usr/bin/clang" }.FirstOrDefault(File.Exists);
        Skip.If(cc is null, "no C compiler");

        var src = new StringBuilder(FuseHeaderCopy.Text);
        src.AppendLine("#include <stddef.h>");
        int asserts = 0;
        foreach (Type t in MirrorStructs())
        {
            int size = (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(t).Invoke(null, null)!;
            src.AppendLine($"_Static_assert(sizeof(struct {t.Name}) == {size}, \"sizeof {t.Name}\");");
            asserts++;
            foreach (FieldInfo f in t.GetFields(BindingFlags.Instance | BindingFlags.Public))
            {
                src.AppendLine($"_Static_assert(offsetof(struct {t.Name}, {f.Name}) == {Marshal.OffsetOf(t, f.Name)}, \"{t.Name}.{f.Name}\");");
                asserts++;
            }
        }
        Assert.True(asserts > 200, $"only {asserts} asserts generated");

        string file = Path.Combine(Path.GetTempPath(), $"unionfs-abi-{Guid.NewGuid():N}.c");
        File.WriteAllText(file, src.ToString());
        try
        {
            var psi = new ProcessStartInfo(cc!, ["-std=c11", "-fsyntax-only", file]) { RedirectStandardError = true };
            using Process p = Process.Start(psi)!;
            string errors = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, errors);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static IEnumerable<Type> MirrorStructs() =>
        typeof(fuse_in_header).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(fuse_in_header).Namespace && t.IsValueType && !t.IsEnum
                && t.Name.StartsWith("fuse_", StringComparison.Ordinal)
                && t.GetCustomAttribute<InlineArrayAttribute>() is null)
            .OrderBy(t => t.Name, StringComparer.Ordinal);
}
