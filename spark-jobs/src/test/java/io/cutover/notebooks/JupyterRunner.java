package io.cutover.notebooks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The project's Python environment for the notebooks ({@code notebooks/setup-env.sh} into a venv
 * under target/) and headless execution of a notebook to HTML with {@code jupyter nbconvert}.
 */
final class JupyterRunner {
    /** setup-env.sh's exit codes for "no Python stack can be installed here". */
    private static final int NO_PYTHON = 3;
    private static final int NO_PACKAGES = 4;

    private final Path bin;
    private final Path work;

    private JupyterRunner(Path bin, Path work) {
        this.bin = bin;
        this.work = work;
    }

    /** What came of setting the environment up: a runner, or why there is none. */
    record Setup(JupyterRunner runner, boolean unavailable, String log) {}

    /**
     * Creates or reuses the venv. {@code unavailable} is set only when setup-env.sh says no Python
     * or no packages could be had; any other failure is an exception (a broken script must fail).
     */
    static Setup setUp(Path root, Path venv, Path work) throws IOException, InterruptedException {
        Files.createDirectories(work);
        Path log = work.resolve("setup-env.log");
        Process p = new ProcessBuilder(root.resolve("notebooks/setup-env.sh").toString(), venv.toString())
                .redirectError(log.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("notebooks/setup-env.sh took more than 20 minutes; see " + log);
        }
        String messages = Files.readString(log);
        int code = p.exitValue();
        if (code == NO_PYTHON || code == NO_PACKAGES) return new Setup(null, true, messages);
        if (code != 0) throw new IllegalStateException("notebooks/setup-env.sh failed (exit " + code + "):\n" + messages);
        return new Setup(new JupyterRunner(Path.of(out), work), false, messages);
    }

    /** The outcome of one executed notebook: nbconvert's exit code and output, and the HTML page. */
    record Execution(int exitCode, String output, Path html) {
        String page() throws IOException {
            return Files.readString(html);
        }
    }

    /**
     * Executes {@code notebook} headless with {@code env} and renders it to {@code <work>/<outputName>.html},
     * without the code cells' source: the page is the report, and what it says comes from the outputs.
     */
    Execution execute(Path notebook, String outputName, Map<String, String> env) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(bin.resolve("jupyter").toString(), "nbconvert", "--to", "html", "--execute",
                "--ExecutePreprocessor.timeout=300", "--no-input", "--output-dir", work.toString(), "--output", outputName,
                notebook.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> e = pb.environment();
        // The venv's kernel and nothing of the user's Jupyter or matplotlib set-up.
        e.put("PATH", bin + java.io.File.pathSeparator + e.getOrDefault("PATH", ""));
        e.put("JUPYTER_PATH", bin.getParent().resolve("share/jupyter").toString());
        e.put("JUPYTER_CONFIG_DIR", work.resolve("jupyter-config").toString());
        e.put("IPYTHONDIR", work.resolve("ipython").toString());
        e.put("MPLCONFIGDIR", work.resolve("matplotlib").toString());
        e.put("MPLBACKEND", "module://matplotlib_inline.backend_inline");
        e.put("JUPYTER_PLATFORM_DIRS", "1");
        e.putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("nbconvert of " + notebook + " took more than 10 minutes:\n" + output);
        }
        return new Execution(p.exitValue(), output, work.resolve(outputName + ".html"));
    }
}
