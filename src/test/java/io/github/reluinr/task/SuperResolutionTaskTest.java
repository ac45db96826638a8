package io.github.reluinr.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reluinr.op.AveragePoolOperator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SuperResolutionTaskTest {
    /** The 32x32 centre crop of camera-128 and its exact 2x2 block means. */
    static Image2D[] cameraX2() {
        Image2D gt = TestImages.crop(TestImages.load("camera-128.png"), 32, 32);
        AveragePoolOperator pool = new AveragePoolOperator(16, 16, 2);
        INDArray low = Nd4j.create(DataType.FLOAT, 256, 1);
        pool.apply(gt.pixels(), low);
        return new Image2D[] {new Image2D(low, 16, 16), gt};
    }

    static double psnr(TaskResult r, String method) {
        return r.metrics().stream().filter(m -> m.method().equals(method)).findFirst().orElseThrow().psnrDb();
    }

    @Test
    void theDefaultRecipeBeatsBicubic() {
        Image2D[] d = cameraX2();
        TaskResult r = SuperResolutionTask.run(d[0], 2, d[1], SuperResolutionTask.recipe(), SuperResolutionTask.DEFAULT_START,
                SuperResolutionBaselines.DEFAULT_ITERATIONS, null, null);
        double inr = psnr(r, "bw-relu"), bicubic = psnr(r, SuperResolutionBaselines.SKIMAGE), bp = psnr(r, SuperResolutionBaselines.BACK_PROJECTION);
        System.out.printf("default recipe x2 camera crop: INR %.3f, bicubic %.3f, back-projection %.3f%n", inr, bicubic, bp);
        assertEquals(List.of("bw-relu", "bicubic-skimage", "bicubic-pil", "lanczos-pil", "back-projection"), r.metrics().stream().map(MetricsRow::method).toList());
        assertEquals(SuperResolutionTask.DEFAULT_START.epochs() + SuperResolutionTask.recipe().epochs(), r.metrics().get(0).epochs());
        assertTrue(inr > bicubic + 0.4, "INR " + inr + " vs bicubic " + bicubic);
    }
}
