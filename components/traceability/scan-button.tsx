"use client";

import type { IScannerControls } from "@zxing/browser";
import { Camera, X } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * Opens the (rear) camera and decodes the first barcode it sees: GS1
 * DataMatrix, QR, Code 128 and the rest that ZXing reads. The decoder is
 * loaded only when someone presses Scan.
 */
export function ScanButton({ onScan }: { onScan: (text: string) => void }) {
  const [isOpen, setIsOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const videoRef = useRef<HTMLVideoElement>(null);
  const controlsRef = useRef<IScannerControls | null>(null);
  const onScanRef = useRef(onScan);
  useEffect(() => {
    onScanRef.current = onScan;
  });

  useEffect(() => {
    if (!isOpen) return;
    let isCancelled = false;
    async function start() {
      const video = videoRef.current;
      if (!video) return;
      if (!navigator.mediaDevices?.getUserMedia) {
        setError("This browser gives no camera access here (it needs HTTPS or localhost).");
        return;
      }
      try {
        const { BrowserMultiFormatReader } = await import("@zxing/browser");
        const reader = new BrowserMultiFormatReader();
        const controls = await reader.decodeFromConstraints({ video: { facingMode: "environment" } }, video, (result, _error, ctrl) => {
          if (!result) return;
          ctrl.stop();
          setIsOpen(false);
          onScanRef.current(result.getText());
        });
        if (isCancelled) controls.stop();
        else controlsRef.current = controls;
      } catch (e) {
        setError(e instanceof Error && e.name === "NotAllowedError" ? "Camera access was refused. Allow it in the browser settings, or type the code." : "No camera could be opened. Type the code instead.");
      }
    }
    void start();
    return () => {
      isCancelled = true;
      controlsRef.current?.stop();
      controlsRef.current = null;
    };
  }, [isOpen]);

  return (
    <>
      <Button
        variant="secondary"
        onClick={() => {
          setError(null);
          setIsOpen(true);
        }}
      >
        <Camera className="size-4" aria-hidden="true" />
        Scan
      </Button>
      {isOpen && (
        <div role="dialog" aria-label="Scan a barcode" className="fixed inset-0 z-50 flex items-center justify-center bg-slate-900/70 p-4">
          <div className="w-full max-w-md space-y-2 rounded-lg bg-white p-3">
            <div className="flex items-center justify-between">
              <h2 className="font-medium">Hold the barcode in front of the camera</h2>
              <Button variant="ghost" size="xs" onClick={() => setIsOpen(false)} aria-label="Close scanner">
                <X className="size-5" aria-hidden="true" />
              </Button>
            </div>
            <video ref={videoRef} className="aspect-video w-full rounded bg-black" muted playsInline />
            {error && (
              <p role="alert" className="text-sm text-red-700">
                {error}
              </p>
            )}
          </div>
        </div>
      )}
    </>
  );
}
