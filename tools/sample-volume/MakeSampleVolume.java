import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import io.github.reluinr.phantom.CellVolume;

/**
 * Writes the sample stack (src/main/resources/io/github/reluinr/images/cell-stack.tif) and, with --truth,
 * the isotropic volume it is the z-average of. CC0: a synthetic cell made by this project's code.
 * Run: tools/sample-volume/make [--truth OUT.tif]
 */
public class MakeSampleVolume {
    public static void main(String[] args) {
        String out = args.length > 0 && !args[0].startsWith("--") ? args[0] : "src/main/resources/io/github/reluinr/images/cell-stack.tif";
        boolean truth = java.util.Arrays.asList(args).contains("--truth");
        int n = CellVolume.SIDE;
        float[] v = truth ? CellVolume.isotropic() : CellVolume.stack();
        int d = truth ? CellVolume.PLANES * CellVolume.SCALE_Z : CellVolume.PLANES;
        ImageStack st = new ImageStack(n, n);
        for (int z = 0; z < d; z++) {
            float[] p = new float[n * n];
            System.arraycopy(v, z * n * n, p, 0, n * n);
            st.addSlice(new FloatProcessor(n, n, p));
        }
        ImagePlus imp = new ImagePlus(truth ? "cell-isotropic" : "cell-stack", st);
        Calibration cal = imp.getCalibration();
        cal.pixelWidth = CellVolume.PIXEL_UM;
        cal.pixelHeight = CellVolume.PIXEL_UM;
        cal.pixelDepth = truth ? CellVolume.PIXEL_UM : CellVolume.PIXEL_UM * CellVolume.SCALE_Z;
        cal.setUnit("micron");
        imp.setProperty("Info", "synthetic cell volume, relu-inr (CC0); " + (truth ? "isotropic 0.1 um" : "z-average of 5 planes of the isotropic volume at 0.1 um"));
        imp.resetDisplayRange();
        new FileSaver(imp).saveAsTiffStack(out);
        System.out.println("wrote " + out + " (" + n + " x " + n + " x " + d + ")");
    }
}
